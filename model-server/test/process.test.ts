import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { assertExecutionProviderAvailable, onnxRuntimeBinaryDir } from '../src/onnx-model';
import { ensureReferenceModel } from './reference-model';
import { freePort, postJson } from './servers';

// The real process: `tsx src/cli.ts serve`, as the package bin runs it from sources.
const cli = path.join(__dirname, '..', 'src', 'cli.ts');
const tsx = require.resolve('tsx/cli');

interface Exit {
  code: number | null;
  stderr: string;
}

function launch(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [tsx, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, exit };
}

async function waitReady(url: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/v2/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${limitMs} ms`);
}

describe('the server process', () => {
  it('exits 2 with the usage text on an unknown flag', async () => {
    const { exit } = launch(['serve', '--model-dri', '/tmp']);
    const result = await exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--model-dri'[\s\S]*usage: model-server serve/);
  }, 30_000);

  it('exits 1 naming the model directory when it does not exist', async () => {
    const port = await freePort();
    const { exit } = launch(['serve', '--model-dir', '/nonexistent/models/v1', '--http-port', String(port)]);
    const result = await exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model directory \/nonexistent\/models\/v1 does not exist/);
  }, 30_000);

  it('exits 1 explaining how to install the CUDA provider when asked for cuda without it', async () => {
    if (existsSync(path.join(onnxRuntimeBinaryDir(), 'libonnxruntime_providers_cuda.so'))) {
      // A CUDA build of onnxruntime-node: the provider is there, so the refusal cannot happen.
      expect(() => assertExecutionProviderAvailable('cuda')).not.toThrow();
      return;
    }
    const modelDir = await ensureReferenceModel();
    const port = await freePort();
    const { exit } = launch([
      'serve',
      '--model-dir',
      modelDir,
      '--http-port',
      String(port),
      '--execution-provider',
      'cuda',
    ]);
    const result = await exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CUDA execution provider is not installed[\s\S]*ONNXRUNTIME_NODE_INSTALL=cuda12/);
  }, 60_000);

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const modelDir = await ensureReferenceModel();
    const port = await freePort();
    // A long batch delay keeps the request queued while the signal arrives.
    const { child, exit } = launch([
      'serve',
      '--model-dir',
      modelDir,
      '--http-port',
      String(port),
      '--host',
      '127.0.0.1',
      '--max-batch-size',
      '64',
      '--max-batch-delay-ms',
      '800',
    ]);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, 30_000);
      const inFlight = postJson(`${url}/v1/models/category-classifier:predict`, { instances: ['hotpoint dishwasher'] });
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill('SIGTERM');
      const response = await inFlight;
      expect(response).toMatchObject({ status: 200, body: { predictions: [{ label: 'Dishwashers' }] } });
      expect((await exit).code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
