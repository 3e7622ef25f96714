import type { Admin, Batch, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { WorkerConfig } from '../config';
import { WorkerError } from '../errors';
import type { Infer } from '../model/model-client';
import type { Logger } from '../ops/logger';
import type { WorkerMetrics } from '../ops/metrics';
import { backoffDelayMs, modelBackoff } from '../processing/backoff';
import { classifyRecords, type ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord, RecordSource } from '../processing/records';
import { createKafka } from './client';
import { AcknowledgedDelivery, TransactionalDelivery, type Delivery } from './delivery';

export interface WorkerLoopOptions {
  config: WorkerConfig;
  infer: Infer;
  metrics: WorkerMetrics;
  logger: Logger;
  /** Called when the consumer stops for good (a non-retriable Kafka failure); the process should exit. */
  onFatal: (error: Error) => void;
}

export interface WorkerLoop {
  /** Connects, checks the topics, joins the group and starts consuming; rejects with a clear error. */
  start(): Promise<void>;
  /** Leaves the group after the batches in flight finish or give up; bounded by kafkajs's own timeouts. */
  stop(): Promise<void>;
  /** True while the worker is a member of the group and not stopping. */
  isReady(): boolean;
}

// Several partitions in flight at once keep the model API busy while one partition waits for Kafka.
const partitionsConsumedConcurrently = 8;
// Waits are sliced so heartbeats go out well within the session timeout and shutdown is noticed quickly.
const waitSliceMs = 1_000;
// Inference requests in flight per partition, delivered together in one transaction: amortises the transaction
// round trips (five requests to the coordinator and leaders) over several model batches. Measured with the
// bench (batch size 64): 8 -> 0.49 of the model server's rate, 16 -> 0.55-0.79, 32 -> 0.62-0.71 with p50
// latency near 300 ms at half load; 64 raised throughput further but p50 latency past 1 s.
export const chunksPerTransaction = 32;
// About ten minutes of failed restarts in a row: then the process exits and its supervisor takes over.
const maxConsumerRestarts = 25;
const consumerRestartBackoff = { initialMs: 1_000, maxMs: 30_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type BatchContext = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale' | 'pause'>;

export function createWorkerLoop({ config, infer, metrics, logger, onFatal }: WorkerLoopOptions): WorkerLoop {
  const kafka: Kafka = createKafka(config.kafka, logger);
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({
    groupId: config.kafka.groupId,
    readUncommitted: false,
    sessionTimeout: config.kafka.sessionTimeoutMs,
    heartbeatInterval: Math.floor(config.kafka.sessionTimeoutMs / 10),
    rebalanceTimeout: 60_000,
    maxWaitTimeInMs: 500,
  });
  const topics = {
    groupId: config.kafka.groupId,
    inputTopic: config.kafka.inputTopic,
    outputTopic: config.kafka.outputTopic,
    dlqTopic: config.kafka.dlqTopic,
  };
  const delivery: Delivery =
    config.delivery === 'exactly-once'
      ? new TransactionalDelivery(kafka, admin, topics, logger)
      : new AcknowledgedDelivery(kafka, consumer, topics);
  let member = false;
  let stopping = false;
  let restartAttempt = 0;

  const timedInfer: Infer = async (titles) => {
    metrics.batchSize.observe(titles.length);
    const stopTimer = metrics.inferenceSeconds.startTimer();
    try {
      return await infer(titles);
    } finally {
      stopTimer();
    }
  };

  /**
   * Classifies several chunks of one partition at once (one inference request each), pausing the partition and
   * retrying the failed chunks with backoff while the model API is unavailable. Undefined when the batch must be
   * abandoned unresolved (shutdown or rebalance).
   */
  async function classifyWithRetries(
    chunks: InputRecord[][],
    source: RecordSource,
    context: BatchContext,
  ): Promise<ClassifiedRecords | undefined> {
    const done: (ClassifiedRecords | undefined)[] = chunks.map(() => undefined);
    let resume: (() => void) | undefined;
    try {
      for (let attempt = 0; ; attempt += 1) {
        if (!context.isRunning() || context.isStale()) return undefined;
        const pending = chunks.flatMap((chunk, index) => (done[index] === undefined ? [{ chunk, index }] : []));
        const settled = await whileHeartbeating(
          Promise.allSettled(pending.map(({ chunk }) => classifyRecords(chunk, source, timedInfer))),
          context,
        );
        let failure: WorkerError | undefined;
        settled.forEach((outcome, position) => {
          const index = pending[position]?.index;
          if (index === undefined) return;
          if (outcome.status === 'fulfilled') done[index] = outcome.value;
          else if (outcome.reason instanceof WorkerError && outcome.reason.retriable) failure = outcome.reason;
          else throw outcome.reason;
        });
        if (failure === undefined) return mergeClassified(done);
        if (resume === undefined) {
          resume = context.pause();
          metrics.pausedPartitions.inc();
        }
        metrics.retries.inc({ cause: 'model' });
        const delayMs = backoffDelayMs(attempt, modelBackoff, Math.random, retryAfterOf(failure));
        logger.warn({ ...source, attempt, delayMs, err: failure.message }, 'model API unavailable, partition paused');
        await waitWithHeartbeats(delayMs, context);
      }
    } finally {
      if (resume !== undefined) {
        resume();
        metrics.pausedPartitions.dec();
        logger.info(source, 'partition resumed');
      }
    }
  }

  async function processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat } = payload;
    const source = { topic: batch.topic, partition: batch.partition };
    const floor = await delivery.firstUndelivered(batch.partition);
    const pending = batch.messages.filter((message) => floor === undefined || BigInt(message.offset) >= floor);
    const skipped = batch.messages.length - pending.length;
    if (skipped > 0) logger.info({ ...source, skipped, committed: String(floor) }, 'skipping records delivered before');

    const lastOfBatch = batch.messages.at(-1);
    if (pending.length === 0 && lastOfBatch !== undefined) resolveOffset(lastOfBatch.offset);

    // Up to `chunksPerTransaction` inference requests run at once; their results go out in one transaction,
    // while the next group is already being classified (results are still delivered in offset order).
    const chunks = splitIntoChunks(pending, config.maxBatchSize);
    const groups: InputRecord[][][] = [];
    for (let start = 0; start < chunks.length; start += chunksPerTransaction) {
      groups.push(chunks.slice(start, start + chunksPerTransaction));
    }
    const classify = (group: InputRecord[][]) => {
      metrics.consumed.inc(
        { partition: source.partition },
        group.reduce((sum, chunk) => sum + chunk.length, 0),
      );
      const classification = classifyWithRetries(group, source, payload);
      classification.catch(() => undefined); // awaited below; a failure of a later group must not go unhandled
      return classification;
    };
    let next = groups[0] === undefined ? undefined : classify(groups[0]);
    for (let index = 0; index < groups.length && next !== undefined; index += 1) {
      const last = groups[index]?.at(-1)?.at(-1);
      const classified = await next;
      const following = groups[index + 1];
      next = following === undefined ? undefined : classify(following);
      if (classified === undefined || last === undefined) return; // stopping or rebalanced: leave it unresolved
      try {
        await delivery.deliver(batch.partition, classified, (BigInt(last.offset) + 1n).toString());
      } catch (error) {
        metrics.retries.inc({ cause: 'delivery' });
        logger.warn({ ...source, err: errorMessage(error) }, 'delivery failed; the batch will be fetched again');
        throw error;
      }
      metrics.produced.inc({ partition: source.partition }, classified.results.length);
      for (const letter of classified.deadLetters) metrics.deadLettered.inc({ reason: letter.reason });
      resolveOffset(last.offset);
      setLag(batch, last.offset);
      await heartbeat();
    }
  }

  function setLag(batch: Batch, lastOffset: string): void {
    const lag = BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n;
    metrics.consumerLag.set({ partition: batch.partition }, Number(lag > 0n ? lag : 0n));
  }

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    member = true;
    restartAttempt = 0;
    const partitions = payload.memberAssignment[config.kafka.inputTopic] ?? [];
    logger.info({ partitions }, 'joined consumer group');
    delivery
      .keepOnly(partitions)
      .catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'release failed'));
  });
  consumer.on(consumer.events.REBALANCING, () => {
    member = false;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    member = false;
    if (stopping) return;
    if (payload.restart) {
      logger.warn({ err: payload.error.message }, 'consumer restarting after an error');
      return;
    }
    // kafkajs gives up for good after its retries (e.g. no coordinator while the broker restarts); the worker
    // starts it again with backoff instead of dying, and only exits after a long streak of failures.
    scheduleRestart(payload.error);
  });

  function scheduleRestart(cause: Error): void {
    if (restartAttempt >= maxConsumerRestarts) {
      onFatal(cause);
      return;
    }
    const delayMs = backoffDelayMs(restartAttempt, consumerRestartBackoff);
    restartAttempt += 1;
    logger.error({ err: cause.message, attempt: restartAttempt, delayMs }, 'consumer stopped; starting it again');
    setTimeout(() => {
      if (stopping) return;
      runConsumer().catch((error: unknown) =>
        scheduleRestart(error instanceof Error ? error : new Error(String(error))),
      );
    }, delayMs);
  }

  async function runConsumer(): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topic: topics.inputTopic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: processBatch,
    });
  }

  return {
    async start() {
      await connectClearly(admin, config.kafka);
      const existing = new Set(await admin.listTopics());
      const missing = [topics.inputTopic, topics.outputTopic, topics.dlqTopic].filter((topic) => !existing.has(topic));
      if (missing.length > 0) throw new Error(`Kafka topics missing: ${missing.join(', ')} (create them first)`);
      await runConsumer();
      logger.info({ delivery: config.delivery, groupId: topics.groupId, input: topics.inputTopic }, 'worker started');
    },
    async stop() {
      stopping = true;
      member = false;
      await consumer.disconnect().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'leave failed'));
      await delivery.close().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'close failed'));
      await admin.disconnect().catch(() => undefined);
    },
    isReady: () => member && !stopping,
  };
}

/**
 * Awaits `work` while heartbeating every slice. kafkajs heartbeats only when asked, and a model API scaling from
 * zero holds requests (Knative's activator) for minutes, far beyond the session timeout. Throws when the group
 * rebalances; the work is then abandoned and its result ignored.
 */
async function whileHeartbeating<T>(work: Promise<T>, context: BatchContext): Promise<T> {
  const finished = work.then((value) => ({ value }));
  finished.catch(() => undefined);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitSliceMs)));
    const outcome = await Promise.race([finished, tick]);
    clearTimeout(timer);
    if (outcome !== undefined) return outcome.value;
    await context.heartbeat();
  }
}

async function waitWithHeartbeats(delayMs: number, context: BatchContext): Promise<void> {
  const until = Date.now() + delayMs;
  while (context.isRunning() && Date.now() < until) {
    await sleep(Math.min(waitSliceMs, until - Date.now()));
    // Keeps the group membership alive during a long model outage; throws if the group is rebalancing,
    // which ends this batch without resolving it so kafkajs can rejoin.
    await context.heartbeat();
  }
}

function splitIntoChunks<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function mergeClassified(parts: (ClassifiedRecords | undefined)[]): ClassifiedRecords {
  const merged: ClassifiedRecords = { results: [], deadLetters: [], inferred: 0 };
  for (const part of parts) {
    if (part === undefined) throw new Error('a chunk has no classification');
    merged.results.push(...part.results);
    merged.deadLetters.push(...part.deadLetters);
    merged.inferred += part.inferred;
  }
  return merged;
}

function retryAfterOf(error: WorkerError): number | undefined {
  return 'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects the admin client, turning an authentication failure into an error that says what to check. */
async function connectClearly(admin: Admin, kafka: WorkerConfig['kafka']): Promise<void> {
  try {
    await admin.connect();
  } catch (error) {
    const message = errorMessage(error);
    if (error instanceof Error && error.name === 'KafkaJSSASLAuthenticationError') {
      const user = kafka.sasl?.username ?? '';
      throw new Error(
        `Kafka rejected the credentials of user "${user}" (${kafka.sasl?.mechanism ?? 'none'}); check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD(_FILE): ${message}`,
        { cause: error },
      );
    }
    throw new Error(`cannot connect to Kafka at ${kafka.brokers.join(',')}: ${message}`, { cause: error });
  }
}
