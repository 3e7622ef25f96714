import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Kafka, type Message, type PartitionMetadata } from '../src/kafka/kafkajs';

export interface LoadOptions {
  topic: string;
  /** The topic's partitions; a message goes where Kafka's default partitioner puts its key, as upstream. */
  partitions: number;
  /** Messages per second, spread over ticks of 100 ms. */
  ratePerSecond: number;
  /** Titles to cycle through; each message gets a fresh id `<idPrefix>-<n>`. */
  titles: readonly string[];
  idPrefix: string;
  /** Every n-th message is poison (not JSON): the worker must dead-letter exactly these. 0 sends none. */
  poisonEvery: number;
  /** Told of each failed send (it is retried). */
  onSendFailure?: (error: unknown, ids: readonly string[]) => void;
}

export interface LoadSummary {
  /** Ids of the well-formed messages the broker acknowledged, in the order sent. */
  sent: string[];
  /** Ids of the poison messages the broker acknowledged. */
  poison: string[];
  /** Sends that failed and were retried (a broker away). */
  failedSends: number;
}

export interface Load {
  /** Messages acknowledged so far. */
  acknowledged(): number;
  /** Stops after the send in flight; what was sent. */
  stop(): Promise<LoadSummary>;
}

const tickMs = 100;

/**
 * A producer at a fixed rate, as the platform's upstream systems are: keyed by product id (schema version 1), one
 * send in flight, acks from every in-sync replica. Each send is for one partition: kafkajs 2.2.4 can drop the
 * records of a multi-partition send whose leader moved during it (see `produceRequests` in the worker). A failed
 * send is retried with the same producer, whose idempotence keeps a retried batch from being written twice; while
 * a broker is away the backlog grows and is sent when it is back, so the offered load stays the rate asked for.
 */
export function startLoad(kafka: Kafka, options: LoadOptions): Load {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const summary: LoadSummary = { sent: [], poison: [], failedSends: 0 };
  let created = 0;
  let running = true;

  interface Batch {
    partition: number;
    messages: Message[];
    ids: string[];
    poison: string[];
  }

  const partitionMetadata = Array.from({ length: options.partitions }, (_, partitionId): PartitionMetadata => ({
    partitionId,
    leader: 0,
    replicas: [],
    isr: [],
    partitionErrorCode: 0,
  }));
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionOf = (key: string) =>
    partitioner({ topic: options.topic, partitionMetadata, message: { key, value: null } });

  /** The next `count` messages, one batch per partition. */
  function nextBatches(count: number): Batch[] {
    const batches = Array.from({ length: options.partitions }, (_, partition): Batch => ({
      partition,
      messages: [],
      ids: [],
      poison: [],
    }));
    for (let index = 0; index < count; index += 1) {
      created += 1;
      const id = `${options.idPrefix}-${created}`;
      const batch = batches[partitionOf(id)];
      if (batch === undefined) continue;
      if (options.poisonEvery > 0 && created % options.poisonEvery === 0) {
        batch.messages.push({ key: id, value: `{"schemaVersion":1,"id":"${id}","title":`, partition: batch.partition });
        batch.poison.push(id);
      } else {
        const title = options.titles[created % options.titles.length] ?? 'unknown product';
        batch.messages.push({
          key: id,
          value: JSON.stringify({ schemaVersion: 1, id, title }),
          partition: batch.partition,
        });
        batch.ids.push(id);
      }
    }
    return batches.filter(({ messages }) => messages.length > 0);
  }

  const done = (async () => {
    await producer.connect();
    const startedAt = Date.now();
    while (running) {
      const due = Math.floor(((Date.now() - startedAt) / 1000) * options.ratePerSecond) - created;
      for (const batch of due > 0 ? nextBatches(due) : []) {
        for (;;) {
          try {
            await producer.send({ topic: options.topic, acks: -1, messages: batch.messages });
            break;
          } catch (error) {
            summary.failedSends += 1;
            options.onSendFailure?.(error, [...batch.ids, ...batch.poison]);
            await sleep(500);
          }
        }
        summary.sent.push(...batch.ids);
        summary.poison.push(...batch.poison);
      }
      await sleep(tickMs);
    }
    await producer.disconnect();
  })();

  return {
    acknowledged: () => summary.sent.length + summary.poison.length,
    stop: async () => {
      running = false;
      await done;
      return summary;
    },
  };
}
