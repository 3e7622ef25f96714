import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { brokerStatus } from '@category-match/kafka-harness';

const repoRoot = path.resolve(__dirname, '..', '..');
// Ports of their own, so a demo someone runs on the default ports does not collide with this one.
const modelPort = 18280;
const metricsPort = 18290;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * `npm run demo -- …` as a user types it, in a process group of its own like a terminal job, killed
 * if it outlives the limit. `interrupt` is called with a Ctrl-C (SIGINT to the group) once the
 * output matches it.
 */
function runDemo(args: string[], limitMs: number, interruptWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', ...args], { cwd: repoRoot, detached: true });
    let output = '';
    let interrupted = false;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (interruptWhen && !interrupted && interruptWhen.test(output) && child.pid !== undefined) {
        interrupted = true;
        process.kill(-child.pid, 'SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`the demo ran past ${limitMs} ms:\n${output}`));
    }, limitMs);
    child.once('error', reject);
    // 'close' (not 'exit'): every process that shared the output pipes, the demo included, is done.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );
}

describe('npm run demo', () => {
  // Building the model once can take longer than the demo itself; it is not what this test times.
  beforeAll(async () => {
    await ensureReferenceModel();
  }, 600_000);

  it('categorizes 200 PriceRunner titles through Kafka, the worker and the model server, then stops everything', async () => {
    const brokerBefore = await brokerStatus();
    const run = await runDemo(
      ['--limit', '200', '--model-port', String(modelPort), '--metrics-port', String(metricsPort)],
      240_000,
    );

    expect(run.output).toContain('sent 200, categorized 200, rejected 0, missing 0');
    expect(run.code).toBe(0);
    const accuracy = Number(/accuracy ([\d.]+)%/.exec(run.output)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(90);
    expect(run.output).toMatch(/throughput [\d.]+ msg\/s/);
    // Not a terminal: the progress goes out as periodic status lines, the last one complete, not a line per message.
    expect(run.output).toMatch(/\[#{20}\] 200\/200 answered \(ok \d+, rejected 0\) {2}acc [\d.]+%/);
    expect(run.output).not.toMatch(/-> Mobile Phones \(/);
    expect(run.output).toContain('so this latency is mostly time queued behind earlier titles');

    // Nothing of the demo is left: its services no longer answer.
    await expect(answers(`http://127.0.0.1:${modelPort}/v2/health/live`)).resolves.toBe(false);
    await expect(answers(`http://127.0.0.1:${metricsPort}/healthz`)).resolves.toBe(false);
    // The demo never stops a broker it did not start (others may be using it, and may stop it themselves).
    if (brokerBefore) {
      expect(run.output).toMatch(/Kafka broker: (kept running|still in use)/);
    } else {
      // Started by the demo: stopped at its end unless a test run took a lease on it meanwhile.
      expect(run.output).toMatch(/Kafka broker: (stopped|still in use)/);
    }
  }, 250_000);

  it('on Ctrl-C stops producing, prints the summary so far and leaves nothing running', async () => {
    const run = await runDemo(
      [
        '--limit',
        '100000',
        '--rate',
        '50',
        '--verbose',
        '--model-port',
        String(modelPort),
        '--metrics-port',
        String(metricsPort),
      ],
      120_000,
      / 20\/100000 /,
    );

    // --verbose: a line per message, with its title, answer and verdict.
    expect(run.output).toMatch(
      /-> (Mobile Phones|TVs|CPUs|Fridges|Freezers|Fridge Freezers|Dishwashers|Microwaves|Washing Machines|Digital Cameras) \(/,
    );
    expect(run.output).toContain('SIGINT: stopping the demo');
    expect(run.output).toMatch(/stopped in [\d.]+ s/);
    const sent = Number(/sent (\d+), categorized/.exec(run.output)?.[1]);
    expect(sent).toBeGreaterThanOrEqual(20);
    expect(sent).toBeLessThan(100_000);
    // npm itself dies of the SIGINT as it does in a terminal; the demo under it ends cleanly.
    expect(run.code === 0 || run.signal === 'SIGINT').toBe(true);
    expect(run.output).not.toMatch(/demo failed/);
    await expect(answers(`http://127.0.0.1:${modelPort}/v2/health/live`)).resolves.toBe(false);
    await expect(answers(`http://127.0.0.1:${metricsPort}/healthz`)).resolves.toBe(false);
  }, 130_000);

  it('runs with the ports it prefers taken by other programs: a broker of its own and free service ports', async () => {
    // Another program on every port of the preferred broker, and on the model server's and worker's default ports.
    const brokerPortBase = 29892;
    const listen = (port: number) =>
      new Promise<Server | undefined>((resolve) => {
        const server = createServer();
        server.once('error', () => resolve(undefined)); // already taken by someone else: busy all the same
        server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
      });
    const occupied = await Promise.all([18080, 18090, 29892, 29893, 29894, 29895].map(listen));
    try {
      const run = await runDemo(
        [
          '--limit',
          '50',
          '--kafka-state-dir',
          path.join(repoRoot, '.kafka', 'demo-busy-ports-test'),
          '--kafka-port-base',
          String(brokerPortBase),
        ],
        300_000,
      );
      expect(run.output).toContain(
        "a broker of the demo's own: ports 29892, 29893, 29894, 29895 are taken by another program",
      );
      const ports = /model server on :(\d+) and worker \(\/metrics on :(\d+)\) ready/.exec(run.output);
      expect(ports?.[1]).not.toBe('18080');
      expect(ports?.[2]).not.toBe('18090');
      expect(run.output).toContain('sent 50, categorized 50, rejected 0, missing 0');
      expect(run.code).toBe(0);
    } finally {
      await Promise.all(
        occupied.map((server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))),
      );
    }
  }, 310_000);
});
