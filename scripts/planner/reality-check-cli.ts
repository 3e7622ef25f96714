import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultsDir, startRun, tableOf, writeResult } from '@category-match/bench-results';
import { newestWorkerBench, readMeasuredSpeed } from './measured-speed';
import { runRealityCheck, type RealityCheck } from './reality-check';
import { repoRoot } from './repository';

/**
 * `npx category-match bench planner`: the planner's forecast against the real local data plane through a cold start,
 * recorded in docs/benchmarks/planner-check-<time>.json.
 */

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, 'cold-start': { type: 'string' } } });
  const rounds = Number(values.rounds ?? 1);
  const coldStartSeconds = Number(values['cold-start'] ?? 60);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds: "${values.rounds}" is not a whole number ≥ 1`);
  if (!Number.isFinite(coldStartSeconds) || coldStartSeconds < 20) {
    throw new Error(`--cold-start: "${values['cold-start']}" is not a number of seconds ≥ 20`);
  }
  const benchFile = newestWorkerBench(resultsDir(repoRoot));
  const speed = readMeasuredSpeed(benchFile, {
    containerConcurrency: 16,
    delivery: 'exactly-once',
  });
  const run = startRun('planner-check', repoRoot, {
    'cold start s': coldStartSeconds,
    profile: '40 msgs/s 0–20 s, idle to 50 s (model stopped at 30 s), 200 msgs/s 50–80 s',
    'speeds from': speed.source,
  });
  const checks: RealityCheck[] = [];
  for (let round = 1; round <= rounds; round++) {
    console.error(`round ${round} of ${rounds}`);
    checks.push(
      await runRealityCheck({
        repoRoot,
        stateDir: path.join(repoRoot, '.kafka', 'planner-check'),
        portBase: 29912,
        speed,
        coldStartSeconds,
        log: (line) => console.error(`  ${line}`),
      }),
    );
  }
  const figure = (name: string, unit: string, pick: (check: RealityCheck) => number, target?: string) => ({
    name,
    unit,
    values: checks.map(pick),
    ...(target === undefined ? {} : { target }),
  });
  const result = run.finish({
    figures: [
      figure('end-to-end p50, measured', 's', (check) => check.measured.p50Seconds),
      figure('end-to-end p50, planner', 's', (check) => check.predicted.p50Seconds),
      figure('end-to-end p50, planner error', 'ratio', (check) => check.errors.p50, '<= 0.25'),
      figure('end-to-end p99, measured', 's', (check) => check.measured.p99Seconds),
      figure('end-to-end p99, planner', 's', (check) => check.predicted.p99Seconds),
      figure('end-to-end p99, planner error', 'ratio', (check) => check.errors.p99, '<= 0.25'),
      figure('peak lag, measured', 'messages', (check) => check.measured.peakLag),
      figure('peak lag, planner', 'messages', (check) => check.predicted.peakLag),
      figure('every message answered, measured', 's', (check) => check.measured.drainedAtSecond),
      figure('every message answered, planner', 's', (check) => check.predicted.drainedAtSecond),
      figure('model server ready again', 's', (check) => check.modelReadyAtSecond),
    ],
    tables: [
      tableOf(
        'lag each 10 s of the first round, measured and planned (messages)',
        (checks[0]?.lag ?? [])
          .filter((sample) => sample.second % 10 === 0)
          .map((sample) => ({ second: sample.second, measured: sample.measured, planner: sample.predicted })),
      ),
    ],
    raw: checks,
  });
  console.log(`wrote ${path.relative(repoRoot, writeResult(result, resultsDir(repoRoot)))}`);
  for (const check of checks) {
    console.log(
      `p50 ${check.measured.p50Seconds.toFixed(1)} s measured, ${check.predicted.p50Seconds.toFixed(1)} s planned (error ${(check.errors.p50 * 100).toFixed(1)} %); ` +
        `p99 ${check.measured.p99Seconds.toFixed(1)} s, ${check.predicted.p99Seconds.toFixed(1)} s (${(check.errors.p99 * 100).toFixed(1)} %); ` +
        `peak lag ${check.measured.peakLag}, ${check.predicted.peakLag}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`bench planner: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
