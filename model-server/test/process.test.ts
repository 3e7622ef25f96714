import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertExecutionProviderAvailable, onnxRuntimeBinaryDir } from '../src/onnx-model';
import { ensureReferenceModel } from '../src/reference-model/cached';
import { freePort, postJson, waitReady } from './servers';

// The real process: `src/cli.ts serve` with tsx's loader in the same process (tsx's own CLI would
// run it in a child that a SIGKILL of the wrapper leaves behind).
const cli = path.join(__dirname, '..', 'src', 'cli.ts');

interface Exit {
  code: number | null;
  stderr: string;
}

function launch(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, exit };
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
      await waitReady(url, 30_000, child);
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

  it('does not send ONNX Runtime telemetry unless asked to', async () => {
    const modelDir = await ensureReferenceModel();
    const port = await freePort();
    // With telemetry on, onnxruntime-node 1.30 writes its device id under $HOME/.cache/Microsoft as
    // the first session starts. CI, which ONNX Runtime checks to keep quiet, and any inherited
    // setting are left out so only the server's own default decides.
    const home = mkdtempSync(path.join(os.tmpdir(), 'model-server-home-'));
    const { CI: _ci, ORT_DISABLE_TELEMETRY: _setting, ...inherited } = process.env;
    const env = { ...inherited, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
    const { child, exit } = launch(['serve', '--model-dir', modelDir, '--http-port', String(port)], env);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, 30_000, child);
      const response = await postJson(`${url}/v1/models/category-classifier:predict`, {
        instances: ['hotpoint dishwasher'],
      });
      expect(response.status).toBe(200);
      expect(readdirSync(home, { recursive: true })).toEqual([]);
      child.kill('SIGTERM');
      expect((await exit).code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
