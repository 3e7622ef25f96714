import path from 'node:path';
import { newestWorkerBench, readMeasuredSpeed } from './measured-speed';
import { meanRetryWaitSeconds, runRealityCheck, type RealityCheck } from './reality-check';
import { repoRoot } from './repository';

// A broker of its own, below the ephemeral range and apart from every other story's.
const portBase = 29912;

describe('the planner against the real local data plane', () => {
  let check: RealityCheck;

  beforeAll(async () => {
    const speed = readMeasuredSpeed(newestWorkerBench(path.join(repoRoot, 'docs', 'benchmarks')), {
      containerConcurrency: 16,
      delivery: 'exactly-once',
    });
    check = await runRealityCheck({
      repoRoot,
      stateDir: path.join(repoRoot, '.kafka', 'planner-check'),
      portBase,
      speed,
      coldStartSeconds: 60,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify({ ...check, lag: undefined }, null, 2)}\n`);
  }, 400_000);

  it('predicts p50 and p99 end-to-end latency through a cold start within 25 %', () => {
    expect(check.errors.p50).toBeLessThanOrEqual(0.25);
    expect(check.errors.p99).toBeLessThanOrEqual(0.25);
    // The cold start dominates: most messages of the burst waited for it.
    expect(check.measured.p50Seconds).toBeGreaterThan(20);
  });

  it('predicts the lag the burst built up while the model was away', () => {
    expect(check.errors.peakLag).toBeLessThanOrEqual(0.25);
    expect(check.measured.peakLag).toBeGreaterThan(5000);
  });

  it('sees the cold start as the dashboard does: a new process_start_time_seconds', () => {
    expect(check.processStarts).toHaveLength(2);
    expect(check.processStarts[1]).toBeGreaterThan(check.processStarts[0] ?? Number.POSITIVE_INFINITY);
  });
});

describe("the worker's wait for its next retry", () => {
  it('is E[L²] ÷ 2E[L] for retries spaced uniformly between half the cap and the cap', () => {
    // Uniform on [5, 10] s: E[L²] = 175/3, E[L] = 7.5.
    expect(meanRetryWaitSeconds(10_000)).toBeCloseTo(175 / 3 / 15, 12);
  });
});
