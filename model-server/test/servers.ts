import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { ServerConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/server';

/** Starts a real server on a free 127.0.0.1 port and waits until it is ready. */
export async function startTestServer(
  overrides: Partial<ServerConfig> & { modelDir: string },
  options?: Parameters<typeof startServer>[1],
): Promise<RunningServer> {
  const server = await startServer(
    {
      modelName: 'category-classifier',
      httpPort: 0,
      host: '127.0.0.1',
      role: 'all',
      maxBatchSize: 32,
      maxBatchDelayMs: 1,
      executionProvider: 'cpu',
      inferenceThreads: 1,
      bodyLimitBytes: 1024 * 1024,
      maxTextsPerRequest: 32_768,
      protocol: 'v2',
      ...overrides,
    },
    options,
  );
  try {
    await server.ready;
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** A port nothing listens on right now, for tests that start a separate process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Polls a server process's readiness until it answers 200; fails after `limitMs`, or as soon as
 * `child` (the server's process, when given) has exited.
 */
export async function waitReady(url: string, limitMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child !== undefined && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    const status = await fetch(`${url}/v2/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${limitMs} ms`);
}
