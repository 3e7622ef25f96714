import type { Consumer, Kafka } from 'kafkajs';
import { parseStageTimes, recordTimestamp, type StageTimes } from '../src/processing/stage-times';

/** A result as a read_committed consumer saw it, with when a read_uncommitted one saw it first. */
export interface Arrival {
  readonly committedAt: number;
  readonly appendedAt: number | undefined;
  readonly producedAt: number;
  readonly times: StageTimes | undefined;
}

export interface OutputReaders {
  /** Results by key (the product id), as first seen by the read_committed reader. */
  readonly arrivals: ReadonlyMap<string, Arrival>;
  /** Waits until `count` results arrived or `timeoutMs` passed; resolves with how many arrived. */
  waitFor(count: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

// Short fetch waits: a reader's own long poll must not show up as the pipeline's latency.
const readerMaxWaitMs = 10;

/**
 * Two consumers of the output topic: read_uncommitted sees a result when it is appended, read_committed when its
 * transaction's markers are written. The difference is the commit's share of the latency.
 */
export async function startOutputReaders(kafka: Kafka, topic: string, group: string): Promise<OutputReaders> {
  const appended = new Map<string, number>();
  const arrivals = new Map<string, Arrival>();
  const reader = async (readUncommitted: boolean): Promise<Consumer> => {
    const consumer = kafka.consumer({
      groupId: `${group}-${readUncommitted ? 'uncommitted' : 'committed'}-reader`,
      readUncommitted,
      maxWaitTimeInMs: readerMaxWaitMs,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        const at = Date.now();
        for (const message of batch.messages) {
          const key = message.key?.toString() ?? '';
          if (readUncommitted) {
            if (!appended.has(key)) appended.set(key, at);
            continue;
          }
          if (arrivals.has(key)) continue;
          arrivals.set(key, {
            committedAt: at,
            appendedAt: appended.get(key),
            producedAt: recordTimestamp(message.timestamp) ?? at,
            times: parseStageTimes(message.headers?.['x-stage-times']?.toString()),
          });
        }
      },
    });
    return consumer;
  };
  const consumers = [await reader(true), await reader(false)];
  return {
    arrivals,
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.size < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return arrivals.size;
    },
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    },
  };
}
