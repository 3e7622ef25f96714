import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../src/reference-model/cached';
import { freePort } from '../test/servers';
import { readyOrStopped } from './server-process';

const run = promisify(execFile);
const peerDir = path.join(__dirname, 'kserve-peer');

/** KServe's Python model server on the same model files, or why it could not be started. */
export type KservePeer =
  { readonly url: string; readonly version: string; stop(): Promise<void> } | { readonly skipped: string };

function tail(error: unknown): string {
  const text = `${(error as { stderr?: string }).stderr ?? ''}${error instanceof Error ? error.message : String(error)}`;
  return text.trim().split('\n').slice(-3).join(' / ');
}

/**
 * A virtual environment with requirements.txt installed from PyPI, kept in the repository's cache
 * under the hash of the requirements so a change reinstalls it; built once per machine.
 */
async function virtualEnvironment(): Promise<string> {
  const requirements = path.join(peerDir, 'requirements.txt');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 12);
  const venv = path.join(repoRoot, '.cache', 'bench', `kserve-venv-${hash}`);
  if (existsSync(path.join(venv, '.complete'))) return venv;
  console.log(`installing KServe's Python model server into ${path.relative(repoRoot, venv)} (once; minutes)`);
  await run('python3', ['-m', 'venv', '--clear', venv]);
  await run(path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', '-r', requirements], {
    timeout: 20 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(path.join(venv, '.complete'), '');
  return venv;
}

/** Starts the peer on a free port and waits until it is ready; never throws, says why it was skipped. */
export async function startKservePeer(modelDir: string, modelName: string): Promise<KservePeer> {
  let python: string;
  let version: string;
  try {
    python = path.join(await virtualEnvironment(), 'bin', 'python');
    version = (await run(python, ['-c', 'import importlib.metadata as m; print(m.version("kserve"))'])).stdout.trim();
  } catch (error) {
    return { skipped: `could not install KServe from PyPI (${tail(error)})` };
  }
  const port = await freePort();
  const grpcPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    python,
    [
      path.join(peerDir, 'server.py'),
      '--model_name',
      modelName,
      '--model_dir',
      modelDir,
      '--http_port',
      String(port),
      '--grpc_port',
      String(grpcPort),
      '--workers',
      '1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let stop: () => Promise<void>;
  try {
    stop = await readyOrStopped(child, url, 120_000);
  } catch (error) {
    return {
      skipped: `KServe's server did not become ready (${tail(error)}; ${stderr.trim().split('\n').slice(-2).join(' / ')})`,
    };
  }
  return { url, version, stop };
}
