/**
 * End-to-end benchmark: Kafka -> worker -> model server -> Kafka, next to the model server's own
 * throughput at the same batch size, measured in one run on this machine. Prints one report.
 *
 *   npm run -w worker bench [-- --messages 50000 --seconds 10 --batch-size 64 --partitions 4]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners } from 'kafkajs';
import { resultsDir, startRun, tableOf, writeResult } from '@category-match/bench-results';
import { startBroker, stopBroker } from '@category-match/kafka-harness';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { createTestTopics, testKafka } from '../test/support/kafka';
import { freePort, spawnTs, startWorkerProcess, waitForOk, type ChildHandle } from '../test/support/processes';
import { repoRoot } from '../test/support/paths';
import { loadProducts } from '../test/support/products';
import { workerEnv } from '../test/support/worker-env';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    messages: { type: 'string', default: '50000' },
    'batch-size': { type: 'string', default: '64' },
    partitions: { type: 'string', default: '4' },
  },
});
const seconds = Number(values.seconds);
const batchSize = Number(values['batch-size']);
const partitions = Number(values.partitions);
const backlog = Number(values.messages);
if (![seconds, batchSize, partitions, backlog].every((value) => Number.isInteger(value) && value > 0)) {
  throw new Error('--seconds, --messages, --batch-size and --partitions must be positive whole numbers');
}

const broker = { stateDir: path.join(repoRoot, '.kafka', 'worker-bench'), portBase: 29392 };
const titles = loadProducts(20_000, 1).map((product) => product.title);

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
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

async function main(): Promise<void> {
  const run = startRun('worker', repoRoot, {
    delivery: 'exactly-once',
    partitions,
    'batch size': batchSize,
    'backlog messages': backlog,
    'latency phase seconds': seconds,
  });
  const children: ChildHandle[] = [];
  const info = await startBroker(broker);
  try {
    const kafka = testKafka(info.plaintext);
    const admin = kafka.admin();
    await admin.connect();
    const topics = await createTestTopics(admin, 'bench', partitions);
    await admin.disconnect();

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

    // The model server alone at its best: 4, 16 and 64 requests of `batchSize` titles in flight (the worker keeps
    // many requests in flight, so few in flight here would understate what the server can do).
    await modelItemsPerSecond(modelPort, 4, 2_000); // warm-up
    const modelRates = new Map<number, number>();
    for (const inFlight of [4, 16, 64]) {
      modelRates.set(inFlight, await modelItemsPerSecond(modelPort, inFlight, (seconds * 1000) / 3));
    }
    const modelRate = Math.max(...modelRates.values());

    // Phase 1, throughput: a backlog of `messages` inputs, drained by a freshly started worker.
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    let produced = 0;
    const nextMessages = (count: number, sentAt?: Map<string, number>) =>
      Array.from({ length: count }, () => {
        const id = `bench-${produced}`;
        const title = titles[produced % titles.length] ?? '';
        produced += 1;
        sentAt?.set(id, Date.now());
        return { key: id, value: JSON.stringify({ schemaVersion: 1, id, title }) };
      });
    for (let sent = 0; sent < backlog; sent += 1_000) {
      await producer.send({ topic: topics.input, acks: -1, messages: nextMessages(Math.min(1_000, backlog - sent)) });
    }

    const arrivals: { id: string; at: number }[] = [];
    const reader = kafka.consumer({ groupId: `${topics.group}-reader`, maxWaitTimeInMs: 50 });
    await reader.connect();
    await reader.subscribe({ topic: topics.output, fromBeginning: true });
    await reader.run({
      eachBatch: async ({ batch }) => {
        const at = Date.now();
        for (const message of batch.messages) arrivals.push({ id: message.key?.toString() ?? '', at });
      },
    });
    const waitFor = async (count: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.length < count && Date.now() < deadline) await sleep(50);
    };

    const metricsPort = await freePort();
    const worker = startWorkerProcess({
      ...workerEnv(info.plaintext, topics, modelPort, metricsPort, { MAX_BATCH_SIZE: String(batchSize) }),
      LOG_LEVEL: 'warn',
    });
    children.push(worker);
    await waitFor(backlog, 300_000);
    const drained = arrivals.slice(0, backlog);
    const firstAt = drained[0]?.at ?? Number.NaN;
    const lastAt = drained.at(-1)?.at ?? Number.NaN;
    const endToEndRate = (drained.length - 1) / ((lastAt - firstAt) / 1000);

    // Phase 2, latency: inputs offered at half the measured throughput, in small paced sends.
    const sentAt = new Map<string, number>();
    const offeredRate = endToEndRate / 2;
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((offeredRate * tickMs) / 1000));
    const started = Date.now();
    let offered = 0;
    while (Date.now() - started < seconds * 1000) {
      await producer.send({ topic: topics.input, acks: -1, messages: nextMessages(perTick, sentAt) });
      offered += perTick;
      const ahead = started + (offered / perTick) * tickMs - Date.now();
      if (ahead > 0) await sleep(ahead);
    }
    await waitFor(backlog + offered, 60_000);
    await producer.disconnect();
    await reader.disconnect();
    worker.signal('SIGTERM');
    await Promise.race([worker.exited, sleep(30_000)]);
    const latencies = arrivals.flatMap(({ id, at }) => {
      const sent = sentAt.get(id);
      return sent === undefined ? [] : [at - sent];
    });
    const sorted = latencies.sort((a, b) => a - b);

    const report = [
      `end-to-end: Kafka -> worker -> model server -> Kafka, exactly-once, ${partitions} partitions, batch size ${batchSize}`,
      `  throughput: ${drained.length}/${backlog} backlog results at ${endToEndRate.toFixed(0)} msgs/s`,
      `  latency at ${offeredRate.toFixed(0)} msgs/s offered (half the throughput) for ${seconds} s: ` +
        `p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms (${latencies.length}/${offered} results)`,
      `model server alone, v2, ${batchSize} titles per request: ` +
        [...modelRates].map(([inFlight, rate]) => `${rate.toFixed(0)} items/s with ${inFlight} in flight`).join(', '),
      `ratio end-to-end / best model server: ${(endToEndRate / modelRate).toFixed(2)} (target >= 0.8)`,
    ];
    console.log(report.join('\n'));
    const file = writeResult(
      run.finish({
        figures: [
          { name: 'end-to-end throughput (backlog drained)', unit: 'msgs/s', values: [endToEndRate] },
          {
            name: 'end-to-end ÷ best model server alone',
            unit: 'ratio',
            values: [endToEndRate / modelRate],
            target: '>= 0.8',
          },
          {
            name: `end-to-end p50 at ${offeredRate.toFixed(0)} msgs/s offered (half the throughput)`,
            unit: 'ms',
            values: [percentile(sorted, 0.5)],
          },
          {
            name: `end-to-end p99 at ${offeredRate.toFixed(0)} msgs/s offered (half the throughput)`,
            unit: 'ms',
            values: [percentile(sorted, 0.99)],
            target: '<= 250',
          },
          { name: 'model server alone, best', unit: 'items/s', values: [modelRate] },
        ],
        tables: [
          tableOf(
            `model server alone, v2, ${batchSize} titles per request`,
            [...modelRates].map(([inFlight, rate]) => ({
              'requests in flight': inFlight,
              'items/s': Math.round(rate),
            })),
          ),
        ],
        raw: { backlogResults: drained.length, latencyResults: latencies.length, offered },
      }),
      resultsDir(repoRoot),
    );
    console.log(`recorded in ${path.relative(repoRoot, file)}; npm run benchmarks regenerates docs/benchmarks.md`);
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
