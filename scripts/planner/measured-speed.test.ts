import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newestWorkerBench, readMeasuredSpeed } from './measured-speed';

const bench = {
  bench: 'worker',
  startedAt: '2026-12-01T10:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'Test CPU' },
  settings: { 'batch size': 64 },
  figures: [
    { name: 'exactly-once: maximum throughput (backlog drained)', values: [20_000, 24_000, 22_000] },
    { name: 'exactly-once: end-to-end p50 at 10 % (2200 msgs/s)', values: [40] },
    { name: 'at-least-once: maximum throughput (backlog drained)', values: [30_000] },
    { name: 'at-least-once: end-to-end p50 at 10 % (3000 msgs/s)', values: [17] },
  ],
  tables: [
    {
      title: 'model server alone, v2, 64 titles per request',
      columns: ['requests in flight', 'items/s'],
      rows: [
        [4, 40_000],
        [16, 49_000],
        [64, 53_000],
      ],
    },
  ],
};

function benchDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planner-bench-'));
  writeFileSync(path.join(dir, 'worker-2026-12-01T10-00-00-000Z.json'), JSON.stringify(bench));
  writeFileSync(path.join(dir, 'worker-2026-11-30T10-00-00-000Z.json'), '{}');
  writeFileSync(path.join(dir, 'model-server-2026-12-02T10-00-00-000Z.json'), '{}');
  // Another bench whose name starts like the worker's, run later.
  writeFileSync(path.join(dir, 'worker-kill9-2026-12-03T10-00-00-000Z.json'), '{}');
  return dir;
}

describe('speeds measured by the worker bench', () => {
  it("takes the newest worker result, not another bench's whose name starts the same", () => {
    const dir = benchDir();
    expect(path.basename(newestWorkerBench(dir))).toBe('worker-2026-12-01T10-00-00-000Z.json');
  });

  it("takes the model server's rate at the most requests one replica accepts, and the worker's for the stack's delivery", () => {
    const file = newestWorkerBench(benchDir());
    expect(readMeasuredSpeed(file, { containerConcurrency: 16, delivery: 'exactly-once' })).toMatchObject({
      executionProvider: 'cpu',
      machine: '2 × Test CPU',
      titlesPerRequest: 64,
      requestsInFlight: 16,
      itemsPerSecondPerReplica: 49_000,
      workerMessagesPerSecond: 22_000,
      baseLatencySeconds: 0.04,
    });
    expect(readMeasuredSpeed(file, { containerConcurrency: 0, delivery: 'at-least-once' })).toMatchObject({
      requestsInFlight: 64,
      workerMessagesPerSecond: 30_000,
      baseLatencySeconds: 0.017,
    });
  });

  it('reads the committed bench results', () => {
    const file = newestWorkerBench(path.join(__dirname, '..', '..', 'docs', 'benchmarks'));
    const speed = readMeasuredSpeed(file, { containerConcurrency: 16, delivery: 'exactly-once' });
    expect(speed.itemsPerSecondPerReplica).toBeGreaterThan(0);
    expect(speed.workerMessagesPerSecond).toBeGreaterThan(0);
  });

  it('says when a file is not a worker bench result', () => {
    const dir = benchDir();
    expect(() =>
      readMeasuredSpeed(path.join(dir, 'model-server-2026-12-02T10-00-00-000Z.json'), {
        containerConcurrency: 16,
        delivery: 'exactly-once',
      }),
    ).toThrow(/is not a worker bench result/);
    expect(() => newestWorkerBench(os.tmpdir() + '/no-such-dir-' + process.pid)).toThrow();
  });
});
