import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { WorkerConfig } from '../config';
import { errorMessage } from '../errors';
import type { Infer } from '../model/model-client';
import type { Logger } from '../ops/logger';
import type { WorkerMetrics } from '../ops/metrics';
import { backoffDelayMs } from '../processing/backoff';
import { createBatchProcessor } from './batch-processor';
import { classifyWithRetries } from './classify-with-retries';
import { createKafka } from './client';
import { PartitionLane } from './partition-lane';
import { checkBrokerTls } from './tls-check';
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

// Batches of several partitions handed to their lanes at once (they return quickly unless a lane is full).
const partitionsConsumedConcurrently = 8;
// About ten minutes of failed restarts in a row: then the process exits and its supervisor takes over.
const maxConsumerRestarts = 25;
const consumerRestartBackoff = { initialMs: 1_000, maxMs: 30_000 };

export function createWorkerLoop({ config, infer, metrics, logger, onFatal }: WorkerLoopOptions): WorkerLoop {
  const kafka: Kafka = createKafka(config.kafka, logger);
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({
    groupId: config.kafka.groupId,
    readUncommitted: false,
    sessionTimeout: config.kafka.sessionTimeoutMs,
    heartbeatInterval: Math.floor(config.kafka.sessionTimeoutMs / 10),
    rebalanceTimeout: 60_000,
    maxWaitTimeInMs: config.kafka.fetchMaxWaitMs,
    minBytes: config.kafka.fetchMinBytes,
  });
  const topics = {
    groupId: config.kafka.groupId,
    inputTopic: config.kafka.inputTopic,
    outputTopic: config.kafka.outputTopic,
    dlqTopic: config.kafka.dlqTopic,
  };
  const delivery: Delivery =
    config.delivery === 'exactly-once'
      ? new TransactionalDelivery(kafka, admin, topics, logger, config.transactionRetryBackoffMs)
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
  const lanes = new Map<number, PartitionLane>();
  const laneFor = (partition: number): PartitionLane => {
    let lane = lanes.get(partition);
    if (lane === undefined) {
      const source = { topic: topics.inputTopic, partition };
      const only = [{ topic: topics.inputTopic, partitions: [partition] }];
      lane = new PartitionLane({
        source,
        delivery,
        maxBatchSize: config.maxBatchSize,
        transactionMaxRecords: config.transactionMaxRecords,
        classify: (chunk, control) =>
          classifyWithRetries(chunk, control, {
            infer: timedInfer,
            source,
            metrics,
            logger,
            abstainBelowScore: config.abstainBelowScore,
          }),
        seek: (offset) => consumer.seek({ topic: topics.inputTopic, partition, offset }),
        pause: () => {
          consumer.pause(only);
          return () => consumer.resume(only);
        },
        metrics,
        logger,
      });
      lanes.set(partition, lane);
    }
    return lane;
  };
  /** Closes the lanes of partitions this worker no longer owns, letting their deliveries in flight finish. */
  const keepLanes = async (partitions: number[]): Promise<void> => {
    const keep = new Set(partitions);
    const closing = [...lanes].filter(([partition]) => !keep.has(partition));
    for (const [partition] of closing) lanes.delete(partition);
    await Promise.all(closing.map(([, lane]) => lane.close()));
  };
  const processBatch = createBatchProcessor({ laneFor, partitionBufferRecords: config.partitionBufferRecords });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    member = true;
    restartAttempt = 0;
    const partitions = payload.memberAssignment[config.kafka.inputTopic] ?? [];
    logger.info({ partitions }, 'joined consumer group');
    keepLanes(partitions)
      .then(() => delivery.keepOnly(partitions))
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
      // Once stopping, batches still fetched are left for whoever owns the partition next.
      eachBatch: (payload) => (stopping ? Promise.resolve() : processBatch(payload)),
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
      // Deliveries in flight finish first (at-least-once commits through the consumer), then the group is left.
      await keepLanes([]);
      await consumer.disconnect().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'leave failed'));
      await delivery.close().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'close failed'));
      await admin.disconnect().catch(() => undefined);
    },
    isReady: () => member && !stopping,
  };
}

/** Connects the admin client, turning an authentication failure into an error that says what to check. */
async function connectClearly(admin: Admin, kafka: WorkerConfig['kafka']): Promise<void> {
  if (kafka.ssl !== undefined) {
    const { ca, caFile } = kafka.ssl;
    const caSource =
      caFile === undefined
        ? "the system's certificate authorities (set KAFKA_SSL_CA_FILE to the broker's CA)"
        : `KAFKA_SSL_CA_FILE (${caFile})`;
    await checkBrokerTls({ brokers: kafka.brokers, ca, caSource });
  }
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
