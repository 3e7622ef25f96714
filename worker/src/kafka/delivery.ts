import {
  Partitioners,
  type Admin,
  type Consumer,
  type Kafka,
  type Producer,
  type ProducerConfig,
  type TopicMessages,
} from './kafkajs';
import type { ClassifiedRecords } from '../processing/classify-records';
import type { OutgoingRecord } from '../processing/records';
import type { DeliveryTimes } from '../processing/stage-times';
import type { Logger } from '../ops/logger';

export interface DeliveryTopics {
  groupId: string;
  inputTopic: string;
  outputTopic: string;
  dlqTopic: string;
}

/** How results, dead letters and the consumed position of one input partition reach Kafka. */
export interface Delivery {
  /**
   * Called before a batch of `partition` is processed; records below the returned offset were already
   * delivered (by this worker before a failure, or by a worker that owned the partition before) and are skipped.
   */
  firstUndelivered(partition: number): Promise<bigint | undefined>;
  /** Produces the records and commits `nextOffset` as the partition's consumed position. */
  deliver(partition: number, classified: ClassifiedRecords, nextOffset: string): Promise<DeliveryTimes>;
  /** Lets go of partitions this worker no longer owns. */
  keepOnly(partitions: number[]): Promise<void>;
  close(): Promise<void>;
}

/** One transactional id per input partition, so whoever owns the partition fences the one who owned it before. */
export function transactionalIdFor(groupId: string, topic: string, partition: number): string {
  return `${groupId}-${topic}-${partition}`;
}

// Brokers refuse a record batch above message.max.bytes (1 MiB by default, Strimzi's too): a transaction's
// records go out in produce requests of at most this many bytes of keys, values and headers.
const requestBudgetBytes = 512 * 1024;

function sizeOf({ key, value, headers }: OutgoingRecord): number {
  let bytes = 64 + (key?.length ?? 0) + (value?.length ?? 0);
  for (const [name, header] of Object.entries(headers)) bytes += name.length + header.length;
  return bytes;
}

/**
 * The records as produce requests, in order, each within the byte budget and for one topic only: with the input's
 * partition count, one partition. kafkajs 2.2.4 keeps the answers of a send per broker across its retries, so when a
 * partition's leader moves during a send to a broker that already answered for another partition of the same send,
 * that partition's records are never sent and the send still succeeds (seen at broker restarts of the replicated
 * cluster, worker/README.md). A request for one partition has one broker and cannot lose records that way.
 */
export function produceRequests(
  topics: DeliveryTopics,
  classified: ClassifiedRecords,
  timestamp: number,
): TopicMessages[][] {
  const records = [
    ...classified.results.map((record) => ({ topic: topics.outputTopic, record })),
    ...classified.deadLetters.map((letter) => ({ topic: topics.dlqTopic, record: letter.record })),
  ];
  const requests: TopicMessages[][] = [];
  let current: TopicMessages | undefined;
  let bytes = 0;
  for (const { topic, record } of records) {
    const size = sizeOf(record);
    if (current === undefined || current.topic !== topic || (bytes > 0 && bytes + size > requestBudgetBytes)) {
      current = { topic, messages: [] };
      requests.push([current]);
      bytes = 0;
    }
    const { key, value, headers } = record;
    current.messages.push({ key, value, headers, timestamp: String(timestamp) });
    bytes += size;
  }
  return requests;
}

/** How the worker's transactional producers are made; the bench measures a partition's cycle with the same. */
export function transactionalProducerConfig(transactionalId: string, retryBackoffMs: number): ProducerConfig {
  return {
    transactionalId,
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
    // The coordinator answers CONCURRENT_TRANSACTIONS until the previous commit's markers are written, a few
    // milliseconds; kafkajs's default first retry after 300 ms would cap each partition at ~3 transactions/s,
    // and every retry delays the next transaction by its backoff (worker/README.md, "Latency and throughput").
    retry: { initialRetryTime: retryBackoffMs, maxRetryTime: 2_000, retries: 20 },
  };
}

/**
 * Exactly-once: per input partition, a transactional producer sends the results, the dead letters and the
 * consumed offset in one transaction. kafkajs has no KIP-447 group fencing, so the transactional id is derived
 * from the partition: a worker that takes the partition over fences the previous owner's producer.
 */
export class TransactionalDelivery implements Delivery {
  private readonly producers = new Map<number, Promise<Producer>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topics: DeliveryTopics,
    private readonly logger: Logger,
    private readonly retryBackoffMs: number,
  ) {}

  async firstUndelivered(partition: number): Promise<bigint | undefined> {
    if (this.producers.has(partition)) return undefined;
    // Initialising the producer completes or aborts any transaction left open under this id, so the committed
    // offset read next is final (kafkajs cannot ask the broker for stable offsets, KIP-447).
    await this.producerFor(partition);
    const [topic] = await this.admin.fetchOffsets({ groupId: this.topics.groupId, topics: [this.topics.inputTopic] });
    const committed = topic?.partitions.find((entry) => entry.partition === partition)?.offset;
    return committed === undefined || BigInt(committed) < 0n ? undefined : BigInt(committed);
  }

  async deliver(partition: number, classified: ClassifiedRecords, nextOffset: string): Promise<DeliveryTimes> {
    const producer = await this.producerFor(partition);
    const started = Date.now();
    const transaction = await producer.transaction();
    try {
      for (const request of produceRequests(this.topics, classified, started)) {
        await transaction.sendBatch({ topicMessages: request, acks: -1 });
      }
      const produced = Date.now();
      await transaction.sendOffsets({
        consumerGroupId: this.topics.groupId,
        topics: [{ topic: this.topics.inputTopic, partitions: [{ partition, offset: nextOffset }] }],
      });
      await transaction.commit();
      return { started, produced, committed: Date.now() };
    } catch (error) {
      // Whether the commit landed is unknown: drop the producer; the next attempt re-initialises it and reads
      // the committed offset again (firstUndelivered) before producing anything.
      if (transaction.isActive()) await transaction.abort().catch(() => undefined);
      await this.drop(partition);
      throw error;
    }
  }

  async keepOnly(partitions: number[]): Promise<void> {
    const keep = new Set(partitions);
    await Promise.all([...this.producers.keys()].filter((partition) => !keep.has(partition)).map((p) => this.drop(p)));
  }

  async close(): Promise<void> {
    await this.keepOnly([]);
  }

  private producerFor(partition: number): Promise<Producer> {
    const existing = this.producers.get(partition);
    if (existing !== undefined) return existing;
    const transactionalId = transactionalIdFor(this.topics.groupId, this.topics.inputTopic, partition);
    const producer = this.kafka.producer(transactionalProducerConfig(transactionalId, this.retryBackoffMs));
    const connected = producer.connect().then(() => fenceEarlierOwners(producer));
    this.producers.set(partition, connected);
    connected.then(
      () => this.logger.info({ partition, transactionalId }, 'transactional producer ready'),
      () => this.producers.delete(partition),
    );
    return connected;
  }

  private async drop(partition: number): Promise<void> {
    const producer = this.producers.get(partition);
    this.producers.delete(partition);
    if (producer === undefined) return;
    await producer.then((ready) => ready.disconnect()).catch(() => undefined);
  }
}

/**
 * kafkajs's `connect()` only initialises the idempotent side of a producer; the transactional id is registered
 * (InitProducerId with the id: epoch bump, earlier owners fenced, their open transaction aborted) at the first
 * `transaction()`. Opening and dropping an empty transaction does that now, before anything is read or sent.
 */
async function fenceEarlierOwners(producer: Producer): Promise<Producer> {
  const transaction = await producer.transaction();
  await transaction.abort(); // empty: kafkajs sends no EndTxn for it
  return producer;
}

/**
 * At-least-once: an idempotent producer sends the records and waits for all in-sync replicas; only then is the
 * offset committed. A crash between the two re-delivers the records.
 */
export class AcknowledgedDelivery implements Delivery {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly consumer: Consumer,
    private readonly topics: DeliveryTopics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async firstUndelivered(): Promise<undefined> {
    return undefined;
  }

  async deliver(partition: number, classified: ClassifiedRecords, nextOffset: string): Promise<DeliveryTimes> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    const started = Date.now();
    for (const request of produceRequests(this.topics, classified, started)) {
      await this.producer.sendBatch({ topicMessages: request, acks: -1 });
    }
    const produced = Date.now();
    await this.consumer.commitOffsets([{ topic: this.topics.inputTopic, partition, offset: nextOffset }]);
    return { started, produced, committed: Date.now() };
  }

  async keepOnly(): Promise<void> {}

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
