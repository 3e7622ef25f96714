import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { repoRoot, testStateRoot } from './paths';

export interface ChildHandle {
  pid: number;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  logFile: string;
  signal: (signal: NodeJS.Signals) => void;
  /** Kills it (SIGKILL) if still running and waits for the end. */
  stop: () => Promise<void>;
}

const logDir = path.join(testStateRoot, 'worker-tests-logs');

/** Runs a TypeScript entry point in its own process, output to a log file under `.kafka/worker-tests-logs`. */
export function spawnTs(name: string, entry: string, args: string[], env: Record<string, string>): ChildHandle {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}-${Date.now()}.log`);
  const log = createWriteStream(logFile);
  // node itself with the tsx loader (not the tsx CLI, which forks): the pid is the process that does the work,
  // so SIGKILL really kills it and nothing is left behind.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${entry}`);
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    pid,
    exited,
    logFile,
    signal: (signal) => {
      if (!ended) child.kill(signal);
    },
    stop: async () => {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `url` until it answers 200, or fails after `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs: number, child?: ChildHandle): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child?.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms${exited ? ' (process exited)' : ''}`);
}

export async function startModelServer(modelDir: string, port: number): Promise<ChildHandle> {
  const server = spawnTs(
    'model-server',
    'model-server/src/cli.ts',
    ['serve', '--role', 'all', '--model-dir', modelDir, '--http-port', String(port)],
    { LOG_LEVEL: 'warn' },
  );
  await waitForOk(`http://127.0.0.1:${port}/v2/health/ready`, 60_000, server);
  return server;
}

export function startWorkerProcess(env: Record<string, string>): ChildHandle {
  return spawnTs('worker', 'worker/src/main.ts', [], { LOG_LEVEL: 'info', ...env });
}

/** The real model server (role `all`) with the reference model, built once and cached, on a free port. */
export async function startReferenceModelServer(): Promise<ChildHandle & { port: number }> {
  const port = await freePort();
  return { ...(await startModelServer(await ensureReferenceModel(), port)), port };
}
