import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import { tableOf, type BenchResult, type Figure } from '@category-match/bench-results';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { isClean, type DeliveryReport } from '../test/support/delivery-check';
import { createTestTopics, testKafka } from '../test/support/kafka';
import { poisonKinds } from '../test/support/poison';
import {
  checkOutputs,
  produceWithPoison,
  readOutputs,
  type StreamInputs,
  type StreamOutputs,
} from '../test/support/poisoned-stream';
import { freePort, startModelServer, startWorkerProcess, type ChildHandle } from '../test/support/processes';
import { loadProducts, type LabelledProduct } from '../test/support/products';
import { metricSum, waitForMetric, workerEnv } from '../test/support/worker-env';
import { startBrokers, type BrokerShape, type Brokers } from './brokers';
import { seededChooser } from './random';
import { deliveryLine } from './report';
import { consumeAsUser } from './user-reader';
import { openTransactions } from './verdict';

export interface KillLoopOptions {
  shape: BrokerShape;
  runs: number;
  seed: number;
  /** Well-formed titles per run; `poisonPerKind` poison messages of each kind are spread among them. */
  titles: number;
  poisonPerKind: number;
  partitions: number;
  /** The DLQ's partitions; fewer than the input's makes each take letters of several transactional producers. */
  dlqPartitions: number;
  portBase: number;
  print: (line: string) => void;
}

export interface KillRun {
  run: number;
  /** Records the killed worker had sent to the model, and results it had produced, when SIGKILL came. */
  killedAfterConsumed: number;
  killedAfter: number;
  results: DeliveryReport;
  deadLetters: DeliveryReport;
  /** The same topics read with `npx category-match consume`, as a user checks them. */
  asUser: StreamOutputs;
  transactionFindings: string[];
  seconds: number;
  passed: boolean;
}

export interface KillLoopReport {
  shape: BrokerShape;
  seed: number;
  titles: number;
  poison: number;
  partitions: number;
  dlqPartitions: number;
  runs: KillRun[];
  passed: boolean;
}

/**
 * The kill -9 story, repeated: per run, fresh topics hold PriceRunner titles with poison of every kind among them; a
 * worker (exactly-once, default settings) is killed with SIGKILL at a random point of the stream and a new one
 * finishes it. Results are checked by id, dead letters by the input position their headers name, each exactly
 * once, and the broker's log for transactions no marker closed.
 */
export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopReport> {
  const choose = seededChooser(options.seed);
  const brokers = await startBrokers(options.shape, `kill-loop-${options.shape}`, options.portBase);
  const kafka = testKafka(brokers.bootstrap);
  const admin = kafka.admin();
  let model: ChildHandle | undefined;
  const runs: KillRun[] = [];
  try {
    await admin.connect();
    const modelPort = await freePort();
    model = await startModelServer(await ensureReferenceModel(), modelPort);
    const products = loadProducts(options.titles, 5);
    for (let run = 1; run <= options.runs; run += 1) {
      // The stream takes a second or two once the worker has joined: the kill comes once it has sent a random number
      // of records to the model, plus a random pause, so it lands inside a transaction as often as between two.
      const killAt = choose.between(1, options.titles);
      const pauseMs = choose.between(0, 400);
      const result = await killOnce({ kafka, admin, brokers, modelPort, products, killAt, pauseMs, run, options });
      runs.push(result);
      options.print(describeRun(result));
    }
  } finally {
    await model?.stop();
    await admin.disconnect();
    await brokers.stop();
  }
  const failed = runs.filter((run) => !run.passed).length;
  options.print(`${runs.length} runs, ${failed} failed`);
  return {
    shape: options.shape,
    seed: options.seed,
    titles: options.titles,
    poison: options.poisonPerKind * poisonKinds.length,
    partitions: options.partitions,
    dlqPartitions: options.dlqPartitions,
    runs,
    passed: failed === 0,
  };
}

async function killOnce(context: {
  kafka: Kafka;
  admin: Admin;
  brokers: Brokers;
  modelPort: number;
  products: LabelledProduct[];
  killAt: number;
  pauseMs: number;
  run: number;
  options: KillLoopOptions;
}): Promise<KillRun> {
  const { kafka, admin, brokers, modelPort, products, killAt, pauseMs, run, options } = context;
  const started = Date.now();
  const topics = await createTestTopics(admin, `kill-${run}`, options.partitions, {
    dlqPartitions: options.dlqPartitions,
  });
  const inputs = await produceWithPoison(kafka, topics, products, options.poisonPerKind);

  const workers: ChildHandle[] = [];
  const startWorker = async () => {
    const metricsPort = await freePort();
    const worker = startWorkerProcess(workerEnv(brokers.bootstrap, topics, modelPort, metricsPort));
    workers.push(worker);
    return { worker, metricsPort };
  };
  try {
    const first = await startWorker();
    await waitForMetric(first.metricsPort, 'worker_messages_consumed_total', killAt, 120_000, 5);
    await sleep(pauseMs);
    const killedAfterConsumed = (await metricSum(first.metricsPort, 'worker_messages_consumed_total')) ?? 0;
    const killedAfter = (await metricSum(first.metricsPort, 'worker_messages_produced_total')) ?? 0;
    first.worker.signal('SIGKILL');
    await first.worker.exited;
    await startWorker();
    const { results, deadLetters } = await readOutputs(kafka, topics, inputs, 180_000, 3_000);
    const asUser = await readAsUser(brokers.bootstrap, topics, inputs);
    const transactionFindings = await openTransactions(brokers.nodes, [topics.output, topics.dlq]);
    return {
      run,
      killedAfterConsumed,
      killedAfter,
      results,
      deadLetters,
      asUser,
      transactionFindings,
      seconds: (Date.now() - started) / 1000,
      passed:
        [results, deadLetters, asUser.results, asUser.deadLetters].every(isClean) && transactionFindings.length === 0,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

async function readAsUser(
  bootstrap: string,
  topics: { output: string; dlq: string },
  inputs: StreamInputs,
): Promise<StreamOutputs> {
  const [results, deadLetters] = await Promise.all([
    consumeAsUser(bootstrap, topics.output),
    consumeAsUser(bootstrap, topics.dlq),
  ]);
  return checkOutputs(inputs, results, deadLetters);
}

function describeRun(run: KillRun): string {
  return (
    `run ${run.run}: killed after ${run.killedAfterConsumed} consumed, ${run.killedAfter} results; ` +
    `results ${deliveryLine(run.results)}; dead letters ${deliveryLine(run.deadLetters)}; ` +
    `as \`category-match consume\` shows them: results ${deliveryLine(run.asUser.results)}, ` +
    `dead letters ${deliveryLine(run.asUser.deadLetters)}; ` +
    `open transactions ${run.transactionFindings.length}; ` +
    `${run.seconds.toFixed(0)} s ${run.passed ? 'PASSED' : 'FAILED'}`
  );
}

/** The loop as a recorded run for docs/benchmarks: per-run counts as figures, one row per run. */
export function killLoopRecord(report: KillLoopReport): Pick<BenchResult, 'figures' | 'tables' | 'raw'> {
  const perRun = (name: string, count: (run: KillRun) => number): Figure => ({
    name,
    unit: 'per run',
    values: report.runs.map(count),
    target: '0',
  });
  const copies = (reports: (run: KillRun) => DeliveryReport[]) => (run: KillRun) =>
    reports(run).reduce((sum, one) => sum + one.duplicated.length, 0);
  return {
    figures: [
      { name: 'runs passed', unit: 'runs', values: [report.runs.filter((run) => run.passed).length] },
      { name: 'runs', unit: 'runs', values: [report.runs.length] },
      perRun('results missing', (run) => run.results.missing.length + run.asUser.results.missing.length),
      perRun(
        'results duplicated',
        copies((run) => [run.results, run.asUser.results]),
      ),
      perRun('dead letters missing', (run) => run.deadLetters.missing.length + run.asUser.deadLetters.missing.length),
      perRun(
        'dead letters duplicated',
        copies((run) => [run.deadLetters, run.asUser.deadLetters]),
      ),
      perRun('transactions no marker closed', (run) => run.transactionFindings.length),
    ],
    tables: [
      tableOf(
        'Each run (results and dead letters as the harness reader / as `category-match consume` read them)',
        report.runs.map((run) => ({
          run: run.run,
          'sent to the model at the kill': run.killedAfterConsumed,
          'results at the kill': run.killedAfter,
          results: `${run.results.received} / ${run.asUser.results.received}`,
          'dead letters': `${run.deadLetters.received} / ${run.asUser.deadLetters.received}`,
          duplicated: `${copies((one) => [one.results, one.deadLetters])(run)} / ${copies((one) => [one.asUser.results, one.asUser.deadLetters])(run)}`,
          verdict: run.passed ? 'passed' : 'FAILED',
        })),
      ),
    ],
    raw: report,
  };
}
