import { Kafka, logLevel, type Consumer, type Producer } from '@category-match/worker/kafkajs';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import type { BrokerInfo } from '@category-match/kafka-harness';
import type { ChildService } from './child-service';
import { chooseBroker, choosePort } from './local-resources';
import { inputRecord, parseResult } from './messages';
import type { DemoOptions } from './options';
import { dueCount, tickMs } from './pacing';
import { heldOutClusters } from './held-out';
import { loadProducts, type Product, streamOrder } from './products';
import type { Progress } from './progress';
import { resultLine, statusLine } from './result-line';
import { demoLogDir, startModelServer, startWorker } from './services';
import { RunningSummary } from './summary';
import { dlqTopic, endOffsets, ensureTopics, inputTopic, outputTopic } from './topics';

type Cleanup = () => Promise<unknown>;

function kafkaClient(broker: BrokerInfo): Kafka {
  return new Kafka({
    clientId: 'category-match-demo',
    brokers: [broker.sasl],
    sasl: { mechanism: 'scram-sha-512', username: broker.scram.username, password: broker.scram.password },
    connectionTimeout: 5_000,
    retry: { retries: 5 },
    // Failures reach the demo as errors; kafkajs's own log would repeat retried ones.
    logLevel: logLevel.NOTHING,
  });
}

/**
 * Starts the broker and builds the model side by side. The demo holds a lease on its broker: it stops the broker
 * at the end only if it started it and no test run uses it meanwhile.
 */
async function prepare(options: DemoOptions, progress: Progress, cleanups: Cleanup[]): Promise<[BrokerInfo, string]> {
  const preferred = {
    ...(options.kafkaStateDir === undefined ? {} : { stateDir: options.kafkaStateDir }),
    ...(options.kafkaPortBase === undefined ? {} : { portBase: options.kafkaPortBase }),
  };
  const [broker, model] = await progress.during(
    'starting the Kafka broker and preparing the reference model (built once, then cached)',
    Promise.allSettled([chooseBroker(preferred), ensureReferenceModel()]),
  );
  if (broker.status === 'fulfilled') {
    cleanups.push(async () => progress.line(`Kafka broker: ${await broker.value.lease.release()}`));
  }
  if (broker.status === 'rejected') throw broker.reason;
  if (model.status === 'rejected') throw model.reason;
  const { info } = broker.value.lease;
  progress.line(
    `Kafka ${info.version} at ${info.sasl} (SASL SCRAM-SHA-512), ${broker.value.why}; model in ${model.value}`,
  );
  return [info, model.value];
}

/** Reads results and rejects from where the topics ended before this run produced anything. */
async function startReader(
  kafka: Kafka,
  titles: ReadonlyMap<string, string>,
  summary: RunningSummary,
  options: DemoOptions,
  progress: Progress,
  onProgress: () => void,
): Promise<Consumer> {
  const admin = kafka.admin();
  await admin.connect();
  const starts = await endOffsets(admin, [outputTopic, dlqTopic]).finally(() => admin.disconnect());
  const consumer = kafka.consumer({
    groupId: `category-match-demo-${process.pid}-${Date.now()}`,
    readUncommitted: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [outputTopic, dlqTopic] });
  // The status line is redrawn at most every 100 ms: a flood of results need not redraw it for each.
  let statusAt = 0;
  const showStatus = () => {
    // `complete` only says every message sent so far is answered; the last status is the one with all of them.
    const last = summary.resultCount + summary.rejected >= options.limit;
    if (options.verbose || (Date.now() - statusAt < 100 && !last)) return;
    statusAt = Date.now();
    progress.status(statusLine(summary, options.limit), last);
  };
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      onProgress();
      const key = message.key?.toString('utf8') ?? '';
      if (topic === dlqTopic) {
        summary.reject(key);
        const reason = message.headers?.['x-dlq-reason']?.toString() ?? 'no reason header';
        const detail = message.headers?.['x-dlq-error']?.toString();
        progress.line(`rejected ${key}: ${reason}${detail ? ` (${detail})` : ''}`);
        showStatus();
        return;
      }
      const result = parseResult(message.value);
      if ('error' in result) {
        progress.line(`unreadable result for ${key}: ${result.error}`);
        return;
      }
      const truth = summary.result(result.id, result.category);
      if (truth === undefined) return;
      if (!options.verbose) {
        showStatus();
        return;
      }
      const figures = {
        answered: summary.resultCount + summary.rejected,
        limit: options.limit,
        accuracy: summary.accuracy,
        throughput: summary.throughput(),
      };
      progress.line(resultLine(titles.get(result.id) ?? result.id, result, truth, figures));
    },
  });
  for (const start of starts) consumer.seek(start);
  return consumer;
}

async function produce(
  producer: Producer,
  products: readonly Product[],
  summary: RunningSummary,
  options: DemoOptions,
  abort: AbortSignal,
): Promise<void> {
  const startedAt = Date.now();
  let sent = 0;
  while (sent < products.length && !abort.aborted) {
    const count = dueCount(Date.now() - startedAt, options.rate, sent, products.length);
    const batch = products.slice(sent, sent + count);
    for (const product of batch) summary.sent(product.id, product.category);
    if (batch.length > 0) await producer.send({ topic: inputTopic, messages: batch.map(inputRecord) });
    sent += batch.length;
    if (options.rate !== undefined) await sleep(tickMs);
  }
}

/** Waits until every message is answered, the run is stopped, a service dies or nothing arrives for too long. */
async function awaitAnswers(
  summary: RunningSummary,
  services: readonly ChildService[],
  options: DemoOptions,
  abort: AbortSignal,
  lastProgress: () => number,
): Promise<void> {
  while (!summary.complete && !abort.aborted) {
    for (const service of services) {
      if (!service.running) throw new Error(`the ${service.spec.name} stopped unexpectedly${await service.logTail()}`);
    }
    if (Date.now() - lastProgress() > options.idleTimeoutMs) {
      throw new Error(`no answer for ${options.idleTimeoutMs / 1000} s; logs are in ${demoLogDir}`);
    }
    await sleep(200);
  }
}

/** The whole local data plane: broker, model server, worker, a producer of titles and a reader of results. */
export async function runDemo(options: DemoOptions, abort: AbortSignal, progress: Progress): Promise<RunningSummary> {
  const summary = new RunningSummary();
  const cleanups: Cleanup[] = [];
  try {
    await mkdir(demoLogDir, { recursive: true });
    const [broker, modelDir] = await prepare(options, progress, cleanups);
    const catalogue = await loadProducts();
    const unseen = await heldOutClusters(modelDir, catalogue);
    const products = streamOrder(catalogue, options.seed, unseen).slice(0, options.limit);
    const unseenCount = products.filter((product) => unseen.has(product.clusterId)).length;
    const kafka = kafkaClient(broker);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin).finally(() => admin.disconnect());

    const modelPort = await choosePort(options.modelPort, 18080, '--model-port');
    const metricsPort = await choosePort(options.metricsPort, 18090, '--metrics-port');
    const modelServer = await startModelServer(modelDir, modelPort);
    cleanups.push(() => modelServer.stop(15_000));
    const worker = await startWorker(broker, modelPort, metricsPort);
    cleanups.push(() => worker.stop(20_000));
    const launchedAt = Date.now();
    await progress.during(
      `starting the model server on :${modelPort} and the worker (/metrics on :${metricsPort}; logs in ${demoLogDir})`,
      Promise.all([modelServer.waitUntilReady(abort), worker.waitUntilReady(abort)]),
    );
    progress.line(
      `model server on :${modelPort} and worker (/metrics on :${metricsPort}) ready in ${((Date.now() - launchedAt) / 1000).toFixed(1)} s`,
    );

    let lastProgress = Date.now();
    const titles = new Map(products.map((product) => [product.id, product.title]));
    const reader = await startReader(kafka, titles, summary, options, progress, () => (lastProgress = Date.now()));
    cleanups.push(() => reader.disconnect());
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    cleanups.push(() => producer.disconnect());

    const pace = options.rate === undefined ? 'as fast as possible' : `${options.rate} msg/s`;
    progress.line(
      `streaming ${products.length} titles into ${inputTopic} (${unseenCount} of products the model never saw in training), ${pace}; Ctrl-C stops`,
    );
    lastProgress = Date.now();
    await produce(producer, products, summary, options, abort);
    await awaitAnswers(summary, [modelServer, worker], options, abort, () => lastProgress);
    return summary;
  } catch (error) {
    // Stopped by Ctrl-C while something was still starting: not a failure, just an early end.
    if (abort.aborted) return summary;
    throw error;
  } finally {
    progress.line('stopping…');
    const stoppingAt = Date.now();
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) =>
        progress.line(`while stopping: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    progress.line(`stopped in ${((Date.now() - stoppingAt) / 1000).toFixed(1)} s`);
  }
}
