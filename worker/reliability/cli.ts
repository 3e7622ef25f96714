/**
 * Fault campaigns against the real local data plane (brokers, worker, model server):
 *
 *   npm run -w worker reliability -- campaign [--shape replicated|single] [--restarts 20] [--seed N] [--rate 100]
 *   npm run -w worker reliability -- soak [--shape replicated|single] [--minutes 10] [--seed N] [--rate 100]
 *
 * Prints the fault timeline, the lag curve and the verdict; `--out FILE` writes the whole report as JSON. Exits 1
 * when the verdict fails.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resultsDir, startRun, writeResult } from '@category-match/bench-results';
import { quietKafkajsTimeoutWarning } from '@category-match/kafka-harness';
import { repoRoot } from '../test/support/paths';
import type { BrokerShape } from './brokers';
import { runCampaign } from './campaign';
import { killLoopRecord, runKillLoop } from './kill-loop';
import { describeVerdict } from './report';
import { runSoak } from './soak';

const usage = [
  'usage: npm run -w worker reliability -- kill9 [--shape single|replicated] [--runs 30] [--dlq-partitions 3] [--seed N] [--out FILE]',
  '       npm run -w worker reliability -- campaign [--shape replicated|single] [--restarts N] [--seed N] [--rate N] [--out FILE]',
  '       npm run -w worker reliability -- soak [--shape replicated|single] [--minutes N] [--seed N] [--rate N] [--out FILE]',
].join('\n');

function positive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new Error(`--${name} must be a positive whole number, got "${value}"\n${usage}`);
  return number;
}

function shapeOf(value: string): BrokerShape {
  if (value === 'replicated' || value === 'single') return value;
  throw new Error(`--shape must be replicated or single, got "${value}"\n${usage}`);
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      shape: { type: 'string', default: 'replicated' },
      restarts: { type: 'string', default: '20' },
      minutes: { type: 'string', default: '10' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      rate: { type: 'string', default: '100' },
      runs: { type: 'string', default: '30' },
      'dlq-partitions': { type: 'string', default: '3' },
      out: { type: 'string' },
    },
  });
  const common = {
    shape: shapeOf(values.shape),
    seed: positive('seed', values.seed),
    ratePerSecond: positive('rate', values.rate),
    print: (line: string) => console.log(line),
  };
  const command = positionals[0];
  if (command === 'kill9') {
    const settings = {
      shape: common.shape,
      seed: common.seed,
      runs: positive('runs', values.runs),
      titles: 3_454,
      poisonPerKind: 10,
      partitions: 3,
      dlqPartitions: positive('dlq-partitions', values['dlq-partitions']),
    };
    const record = startRun('worker-kill9', repoRoot, settings);
    const loop = await runKillLoop({ ...settings, print: common.print, portBase: 29592 });
    console.log(`recorded in ${writeResult(record.finish(killLoopRecord(loop)), resultsDir(repoRoot))}`);
    if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify(loop, null, 2)}\n`);
    return loop.passed ? 0 : 1;
  }
  let report;
  if (command === 'campaign') {
    report = await runCampaign({
      ...common,
      restarts: positive('restarts', values.restarts),
      workerRestartEvery: 3,
      partitions: 4,
      portBase: 29592,
    });
    console.log(
      `campaign on ${report.shape} brokers, seed ${report.seed}: ${report.brokerRestarts} broker restarts, ` +
        `${report.workerRestarts} worker restarts, ${report.seconds.toFixed(0)} s`,
    );
  } else if (command === 'soak') {
    report = await runSoak({
      ...common,
      seconds: positive('minutes', values.minutes) * 60,
      partitions: 4,
      portBase: 29592,
    });
    console.log(
      `soak on ${report.shape} brokers, seed ${report.seed}: ${report.faults.length} faults, ${report.seconds.toFixed(0)} s`,
    );
  } else {
    throw new Error(command === undefined ? usage : `unknown command "${command}"\n${usage}`);
  }
  for (const line of describeVerdict(report.verdict)) console.log(line);
  if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
  return report.passed ? 0 : 1;
}

quietKafkajsTimeoutWarning();
main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
