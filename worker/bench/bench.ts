/**
 * End-to-end benchmark: Kafka -> worker -> model server -> Kafka, next to the model server's own throughput at the
 * worker's request shape, measured in one run on this machine. For each delivery mode: the maximum throughput (a
 * backlog drained), then the latency of every stage at 10 %, 50 % and 90 % of it; then the worker's settings, one
 * changed at a time, at one offered load. Prints the tables and records them (docs/benchmarks).
 *
 *   npm run -w worker bench [-- --messages 50000 --seconds 10 --batch-size 64 --partitions 4 --skip-settings]
 *                          [--baseline <checkout>] [--settings defaults,baseline,…] [--rounds 1]
 *
 * `--baseline` runs the worker of another checkout of this repository (a `git worktree` of an earlier commit, its
 * `node_modules` linked to this one's) as one more row of the settings table: a change measured before and after
 * in one run. `--settings` picks rows by key; `--rounds` runs the picked rows that many times, alternating, and
 * reports each row's median and range (one sample on a noisy machine decides nothing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Kafka } from 'kafkajs';
import {
  resultsDir,
  startRun,
  tableOf,
  writeResult,
  type Figure,
  type ResultTable,
  percentile,
} from '@category-match/bench-results';
import { startBroker, stopBroker } from '@category-match/kafka-harness';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { createTestTopics, testKafka } from '../test/support/kafka';
import { freePort, spawnTs, waitForOk, type ChildHandle } from '../test/support/processes';
import { repoRoot } from '../test/support/paths';
import { loadProducts } from '../test/support/products';
import { metricSum, workerEnv } from '../test/support/worker-env';
import { cpuSeconds, meterCpu } from './cpu';
import { LoadGenerator } from './load';
import { measureTransactionCycle, type TransactionCycle } from './transaction-cycle';
import { startOutputReaders } from './output-readers';
import { stageMeaning, summariseStages, type Observation, type StageSummary } from './stages';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    messages: { type: 'string', default: '50000' },
    'batch-size': { type: 'string', default: '64' },
    partitions: { type: 'string', default: '4' },
    'skip-settings': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    settings: { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});
const seconds = Number(values.seconds);
const batchSize = Number(values['batch-size']);
const partitions = Number(values.partitions);
const backlog = Number(values.messages);
const rounds = Number(values.rounds);
if (![seconds, batchSize, partitions, backlog, rounds].every((value) => Number.isInteger(value) && value > 0)) {
  throw new Error('--seconds, --messages, --batch-size, --partitions and --rounds must be positive whole numbers');
}

const broker = { stateDir: path.join(repoRoot, '.kafka', 'worker-bench'), portBase: 29392 };
const titles = loadProducts(20_000, 1).map((product) => product.title);
const loads = [0.1, 0.5, 0.9];
const deliveryModes = ['exactly-once', 'at-least-once'] as const;

interface SettingVariant {
  readonly key: string;
  readonly label: string;
  readonly env: Record<string, string>;
  readonly entry?: string;
}

/** The worker's latency and throughput settings, one changed at a time against the defaults. */
const settingVariants: SettingVariant[] = [
  { key: 'defaults', label: 'defaults', env: {} },
  {
    key: 'buffer-4096',
    label: 'PARTITION_BUFFER_RECORDS=4096 (fetch goes on while earlier records are delivered)',
    env: { PARTITION_BUFFER_RECORDS: '4096' },
  },
  {
    key: 'retry-10',
    label: 'TRANSACTION_RETRY_BACKOFF_MS=10 (the earlier fixed value)',
    env: { TRANSACTION_RETRY_BACKOFF_MS: '10' },
  },
  { key: 'transaction-256', label: 'TRANSACTION_MAX_RECORDS=256', env: { TRANSACTION_MAX_RECORDS: '256' } },
  { key: 'transaction-8192', label: 'TRANSACTION_MAX_RECORDS=8192', env: { TRANSACTION_MAX_RECORDS: '8192' } },
  { key: 'batch-16', label: 'MAX_BATCH_SIZE=16', env: { MAX_BATCH_SIZE: '16' } },
  { key: 'batch-256', label: 'MAX_BATCH_SIZE=256', env: { MAX_BATCH_SIZE: '256' } },
  {
    key: 'fetch-64k',
    label: 'FETCH_MIN_BYTES=65536, FETCH_MAX_WAIT_MS=50',
    env: { FETCH_MIN_BYTES: '65536', FETCH_MAX_WAIT_MS: '50' },
  },
];

/** The worker of another checkout, named by its commit. */
function baselineVariant(checkout: string): SettingVariant {
  const entry = path.resolve(checkout, 'worker', 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`--baseline: no worker at ${entry}`);
  const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: checkout, encoding: 'utf8' }).trim();
  return { key: 'baseline', label: `the worker at commit ${commit}, its own defaults`, env: {}, entry };
}

/** The settings rows to run: every one, or those `--settings` names (`baseline` needs `--baseline`). */
function pickedVariants(): SettingVariant[] {
  const all = [...settingVariants];
  if (values.baseline !== undefined) all.splice(1, 0, baselineVariant(values.baseline));
  if (values.settings === undefined) return all;
  const keys = values.settings.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !all.some((variant) => variant.key === key));
  if (unknown.length > 0) {
    throw new Error(
      `--settings: unknown ${unknown.join(', ')}; known: ${all.map((variant) => variant.key).join(', ')}` +
        (values.baseline === undefined ? ' (baseline needs --baseline)' : ''),
    );
  }
  return all.filter((variant) => keys.includes(variant.key));
}

/** Closed loop of `concurrency` clients sending `batchSize` titles per v2 request, for `ms` milliseconds. */
async function modelItemsPerSecond(port: number, concurrency: number, ms: number): Promise<number> {
  const url = `http://127.0.0.1:${port}/v2/models/category-classifier/infer`;
  const until = Date.now() + ms;
  let items = 0;
  let next = 0;
  const client = async () => {
    while (Date.now() < until) {
      const data = Array.from({ length: batchSize }, () => titles[next++ % titles.length] ?? '');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [data.length], data }] }),
      });
      if (!response.ok) throw new Error(`model server answered ${response.status}`);
      await response.arrayBuffer();
      items += data.length;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  return items / ((Date.now() - started) / 1000);
}

interface LatencyPhase {
  readonly offered: number;
  readonly sent: number;
  readonly received: number;
  readonly stages: StageSummary[];
  /** The worker's CPU time per message offered in the phase. */
  readonly workerCpuMicrosPerMessage: number;
}

interface VariantResult {
  readonly throughput: number;
  readonly drained: number;
  /** Cores each process kept busy while the backlog drained. */
  readonly cpu: Record<string, number>;
  /** Records per delivery (transaction, in exactly-once mode) while the backlog drained; NaN from a worker without the metric. */
  readonly recordsPerDelivery: number;
  readonly phases: LatencyPhase[];
}

/** The long-lived processes of the bench, for CPU metering. */
interface BenchProcesses {
  readonly bootstrap: string;
  readonly modelPort: number;
  readonly brokerPid: number;
  readonly modelPid: number;
}

/**
 * One worker with `env` on fresh topics (the input stamped with append times): drains a backlog for its maximum
 * throughput, then offers each rate `rates(throughput)` for `seconds` and breaks the latency into stages.
 */
async function measureWorker(
  kafka: Kafka,
  { bootstrap, modelPort, brokerPid, modelPid }: BenchProcesses,
  env: Record<string, string>,
  rates: (throughput: number) => number[],
  entry = 'worker/src/main.ts',
): Promise<VariantResult> {
  const admin = kafka.admin();
  await admin.connect();
  const topics = await createTestTopics(admin, 'bench', partitions, {
    inputConfig: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
  });
  await admin.disconnect();
  const readers = await startOutputReaders(kafka, topics.output, topics.group);
  const load = await LoadGenerator.start(kafka, topics.input, titles, topics.group);
  let worker: ChildHandle | undefined;
  try {
    const backlogIds = await load.backlog(backlog);
    const metricsPort = await freePort();
    worker = spawnTs('bench-worker', entry, [], {
      ...workerEnv(bootstrap, topics, modelPort, metricsPort, { MAX_BATCH_SIZE: String(batchSize), ...env }),
      LOG_LEVEL: 'warn',
    });
    const cpuMeter = meterCpu({
      broker: brokerPid,
      'model server': modelPid,
      worker: worker.pid,
      'bench readers': 'self',
    });
    const drained = await readers.waitFor(backlog, 300_000);
    const cpu = cpuMeter.stop();
    const deliveredRecords = await metricSum(metricsPort, 'worker_delivery_records_sum');
    const deliveries = await metricSum(metricsPort, 'worker_delivery_records_count');
    const recordsPerDelivery = (deliveredRecords ?? Number.NaN) / (deliveries ?? Number.NaN);
    const times = backlogIds.flatMap((id) => {
      const arrival = readers.arrivals.get(id);
      return arrival === undefined ? [] : [arrival.committedAt];
    });
    const throughput = (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);

    const phases: LatencyPhase[] = [];
    let expected = backlog;
    for (const offered of rates(throughput)) {
      const workerCpuBefore = cpuSeconds(worker.pid);
      const ids = await load.paced(offered, seconds);
      expected += ids.length;
      await readers.waitFor(expected, 60_000);
      const workerCpuMicrosPerMessage = ((cpuSeconds(worker.pid) - workerCpuBefore) * 1e6) / ids.length;
      const observations = ids.flatMap((id): Observation[] => {
        const arrival = readers.arrivals.get(id);
        const sentAt = load.sentAt.get(id);
        if (arrival === undefined || sentAt === undefined) return [];
        return [{ sentAt, ...arrival }];
      });
      phases.push({
        offered,
        sent: ids.length,
        received: observations.length,
        stages: summariseStages(observations),
        workerCpuMicrosPerMessage,
      });
    }
    return { throughput, drained, cpu, recordsPerDelivery, phases };
  } finally {
    // A graceful stop first, as in production; SIGKILL only if it hangs.
    worker?.signal('SIGTERM');
    await Promise.race([worker?.exited, sleep(30_000)]);
    await worker?.stop();
    await load.stop();
    await readers.stop();
  }
}

const whole = (value: number) => Math.round(value);

/** The median of one row's samples, and the text the table shows: `median`, or `median [lowest–highest]`. */
function medianAndRange(samples: readonly number[]): { median: number; text: string } {
  const median = percentile(samples, 0.5);
  const text =
    samples.length > 1
      ? `${whole(median)} [${whole(Math.min(...samples))}–${whole(Math.max(...samples))}]`
      : String(whole(median));
  return { median, text };
}
const stageOf = (phase: LatencyPhase | undefined, stage: string) =>
  phase?.stages.find((entry) => entry.stage === stage);

function stageTable(title: string, result: VariantResult): ResultTable {
  return tableOf(
    title,
    (result.phases[0]?.stages ?? []).map(({ stage }) => ({
      stage,
      ...Object.fromEntries(
        result.phases.flatMap((phase, index) => {
          const share = `${Math.round((loads[index] ?? 0) * 100)} %`;
          const entry = stageOf(phase, stage);
          return [
            [`p50 ms at ${share}`, entry?.p50 ?? Number.NaN],
            [`p99 ms at ${share}`, entry?.p99 ?? Number.NaN],
          ];
        }),
      ),
      meaning: stageMeaning[stage],
    })),
  );
}

async function main(): Promise<void> {
  const run = startRun('worker', repoRoot, {
    partitions,
    'batch size': batchSize,
    'backlog messages': backlog,
    'seconds per offered load': seconds,
    // The model server reads EXECUTION_PROVIDER from the environment it inherits; the cost planner reads this.
    'execution provider': process.env.EXECUTION_PROVIDER ?? 'cpu',
  });
  const children: ChildHandle[] = [];
  const info = await startBroker(broker);
  try {
    const kafka = testKafka(info.plaintext);
    const modelPort = await freePort();
    const model = spawnTs(
      'bench-model-server',
      'model-server/src/cli.ts',
      [
        'serve',
        '--role',
        'all',
        '--model-dir',
        await ensureReferenceModel(),
        '--http-port',
        String(modelPort),
        '--max-batch-size',
        String(batchSize),
      ],
      { LOG_LEVEL: 'warn' },
    );
    children.push(model);
    await waitForOk(`http://127.0.0.1:${modelPort}/v2/health/ready`, 60_000, model);
    const processes: BenchProcesses = {
      bootstrap: info.plaintext,
      modelPort,
      brokerPid: info.pid,
      modelPid: model.pid,
    };

    // The model server alone at the worker's request shape (`batchSize` titles per request), with 4, 16 and 64
    // requests in flight: the worker keeps many in flight, so few here would understate the server.
    await modelItemsPerSecond(modelPort, 4, 2_000); // warm-up
    const modelRates = new Map<number, number>();
    for (const inFlight of [4, 16, 64]) modelRates.set(inFlight, await modelItemsPerSecond(modelPort, inFlight, 3_000));
    const modelRate = Math.max(...modelRates.values());
    console.log(
      `model server alone, ${batchSize} titles per request: ` +
        [...modelRates].map(([inFlight, rate]) => `${whole(rate)} items/s with ${inFlight} in flight`).join(', '),
    );

    // A partition's transaction cycle alone, with the worker's first retry after 2 ms (its default) and 10 ms.
    const cycleAdmin = kafka.admin();
    await cycleAdmin.connect();
    const cycleTopics = await createTestTopics(cycleAdmin, 'cycle', 1);
    await cycleAdmin.disconnect();
    const cycles = new Map<number, TransactionCycle>();
    for (const backoff of [2, 10]) cycles.set(backoff, await measureTransactionCycle(kafka, cycleTopics, backoff));
    for (const [backoff, cycle] of cycles) {
      console.log(
        `transaction cycle alone, first retry after ${backoff} ms: ` +
          Object.entries(cycle.steps)
            .map(([step, { p50, p99 }]) => `${step} p50 ${p50} ms p99 ${p99} ms`)
            .join(', '),
      );
    }

    const modes = new Map<string, VariantResult>();
    for (const delivery of deliveryModes) {
      const result = await measureWorker(kafka, processes, { DELIVERY: delivery }, (max) =>
        loads.map((share) => share * max),
      );
      modes.set(delivery, result);
      console.log(
        `\n${delivery}: ${result.drained}/${backlog} backlog results at ${whole(result.throughput)} msgs/s ` +
          `(${(result.throughput / modelRate).toFixed(2)} of the model server alone), ` +
          `${result.recordsPerDelivery.toFixed(0)} records per transaction; cores busy while draining: ` +
          Object.entries(result.cpu)
            .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
            .join(', '),
      );
      console.table(stageTable(delivery, result).rows.map((row) => row.slice(0, -1)));
    }

    const exactlyOnce = modes.get('exactly-once');
    const reference = (exactlyOnce?.throughput ?? 0) / 2;
    const settings: { label: string; results: VariantResult[] }[] = [];
    if (!values['skip-settings']) {
      const variants = pickedVariants();
      for (const variant of variants) settings.push({ label: variant.label, results: [] });
      // Rounds alternate the rows, so a slow spell of the machine does not land on one row only.
      for (let round = 1; round <= rounds; round += 1) {
        for (const [index, variant] of variants.entries()) {
          const result = await measureWorker(kafka, processes, variant.env, () => [reference], variant.entry);
          settings[index]?.results.push(result);
          const total = stageOf(result.phases[0], 'total');
          console.log(
            `round ${round}/${rounds}, ${variant.label}: ${whole(result.throughput)} msgs/s, ` +
              `${result.recordsPerDelivery.toFixed(0)} records per transaction; at ${whole(reference)} msgs/s ` +
              `p50 ${total?.p50} ms, p99 ${total?.p99} ms, worker ${whole(result.phases[0]?.workerCpuMicrosPerMessage ?? Number.NaN)} µs of CPU per message`,
          );
        }
      }
    }

    const figures: Figure[] = [{ name: 'model server alone, best', unit: 'items/s', values: [modelRate] }];
    for (const [delivery, result] of modes) {
      const total = (index: number) => stageOf(result.phases[index], 'total');
      const targets = delivery === 'exactly-once';
      figures.push(
        { name: `${delivery}: maximum throughput (backlog drained)`, unit: 'msgs/s', values: [result.throughput] },
        {
          name: `${delivery}: maximum ÷ model server alone`,
          unit: 'ratio',
          values: [result.throughput / modelRate],
          ...(targets ? { target: '>= 0.8' } : {}),
        },
        {
          name: `${delivery}: end-to-end p50 at 10 % (${whole(result.phases[0]?.offered ?? 0)} msgs/s)`,
          unit: 'ms',
          values: [total(0)?.p50 ?? Number.NaN],
          ...(targets ? { target: '<= 50' } : {}),
        },
        {
          name: `${delivery}: end-to-end p99 at 50 % (${whole(result.phases[1]?.offered ?? 0)} msgs/s)`,
          unit: 'ms',
          values: [total(1)?.p99 ?? Number.NaN],
          ...(targets ? { target: '<= 250' } : {}),
        },
      );
    }
    const tables: ResultTable[] = [
      tableOf(
        `model server alone, v2, ${batchSize} titles per request`,
        [...modelRates].map(([inFlight, rate]) => ({ 'requests in flight': inFlight, 'items/s': whole(rate) })),
      ),
      tableOf(
        `cores each process kept busy while the backlog drained (the model server alone had all ${os.cpus().length})`,
        [...modes].map(([delivery, result]) => ({
          delivery,
          ...Object.fromEntries(Object.entries(result.cpu).map(([name, cores]) => [name, Number(cores.toFixed(2))])),
        })),
      ),
      ...[...modes].map(([delivery, result]) =>
        stageTable(
          `${delivery}: latency by stage (ms) at 10 %, 50 % and 90 % of ${whole(result.throughput)} msgs/s`,
          result,
        ),
      ),
    ];
    tables.push(
      tableOf(
        `one partition's transactions back to back, nothing else running (${cycles.get(2)?.transactions ?? 0} each), ms`,
        ['send', 'offsets', 'commit', 'total'].flatMap((step) =>
          [...cycles].map(([backoff, cycle]) => {
            const entry = cycle.steps[step as keyof TransactionCycle['steps']];
            return { step, 'first retry after (ms)': backoff, p50: entry.p50, p99: entry.p99 };
          }),
        ),
      ),
    );
    if (settings.length > 0) {
      tables.push(
        tableOf(
          `exactly-once, one setting changed at a time: maximum throughput, and end-to-end latency and the worker's ` +
            `CPU per message at ${whole(reference)} msgs/s` +
            (rounds > 1 ? `; median of ${rounds} alternating rounds, [lowest–highest]` : ''),
          settings.map(({ label, results }) => {
            const spread = (pick: (result: VariantResult) => number | undefined) =>
              medianAndRange(results.map((result) => pick(result) ?? Number.NaN));
            const total = (result: VariantResult) => stageOf(result.phases[0], 'total');
            const perTransaction = medianAndRange(results.map((result) => result.recordsPerDelivery));
            return {
              setting: label,
              'msgs/s': spread((result) => result.throughput).text,
              'records per transaction': Number.isFinite(perTransaction.median) ? perTransaction.text : '',
              'p50 ms': spread((result) => total(result)?.p50).text,
              'p99 ms': spread((result) => total(result)?.p99).text,
              'worker CPU µs per message': spread((result) => result.phases[0]?.workerCpuMicrosPerMessage).text,
            };
          }),
        ),
      );
    }
    const file = writeResult(
      run.finish({
        figures,
        tables,
        raw: { modes: Object.fromEntries(modes), settings, transactionCycles: Object.fromEntries(cycles) },
      }),
      resultsDir(repoRoot),
    );
    console.log(`\nrecorded in ${path.relative(repoRoot, file)}; npm run benchmarks regenerates docs/benchmarks.md`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await stopBroker(broker);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
