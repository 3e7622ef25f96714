import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, waitReady } from '../test/servers';

/** The counters of one server that the bench reads around each measurement. */
export interface ServerSample {
  /** Process CPU (all threads), seconds. */
  cpuSeconds: number;
  batchRows: number;
  batches: number;
  /** Event-loop delay p99 since the previous scrape (a scrape restarts it), ms. */
  eventLoopP99Ms: number;
}

export interface ServerProcess {
  url: string;
  sample(): Promise<ServerSample>;
  stop(): Promise<void>;
}

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
}

/**
 * Waits until a server process answers ready, and returns how to stop it (SIGTERM, then its exit);
 * stops it and rethrows when it does not become ready.
 */
export async function readyOrStopped(child: ChildProcess, url: string, limitMs: number): Promise<() => Promise<void>> {
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitReady(url, limitMs, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

/** Starts `model-server serve` as its own process, as deployed (default log level), and waits for ready. */
export async function startServerProcess(modelDir: string, flags: string[]): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cli = path.join(__dirname, '..', 'src', 'cli.ts');
  const args = ['--import', 'tsx', cli, 'serve', '--model-dir', modelDir, '--http-port', String(port)];
  const child = spawn(process.execPath, [...args, '--host', '127.0.0.1', ...flags], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = await readyOrStopped(child, url, 60_000);
  return {
    url,
    stop,
    sample: async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const loop = /model_server_event_loop_delay_seconds\{quantile="0\.99"\} ([0-9.e+-]+)/.exec(text)?.[1];
      return {
        cpuSeconds: metricValue(text, 'process_cpu_seconds_total'),
        batchRows: metricValue(text, 'model_server_batch_size_sum'),
        batches: metricValue(text, 'model_server_batch_size_count'),
        eventLoopP99Ms: loop === undefined ? Number.NaN : Number(loop) * 1000,
      };
    },
  };
}
