import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { transactionalProducerConfig } from '../src/kafka/delivery';
import type { TestTopics } from '../test/support/kafka';
import { percentile } from '@category-match/bench-results';

export interface TransactionCycle {
  readonly transactions: number;
  /** Milliseconds per step, p50 and p99. */
  readonly steps: Readonly<Record<'send' | 'offsets' | 'commit' | 'total', { p50: number; p99: number }>>;
}

/**
 * Back-to-back transactions of one record and one offset, as the worker makes them (same producer settings), with
 * nothing else running: the floor of a partition's transaction cycle. `send` includes AddPartitionsToTxn and its
 * retries while the coordinator still writes the previous transaction's markers (CONCURRENT_TRANSACTIONS).
 */
export async function measureTransactionCycle(
  kafka: Kafka,
  topics: TestTopics,
  retryBackoffMs: number,
  transactions = 150,
): Promise<TransactionCycle> {
  const producer = kafka.producer(
    transactionalProducerConfig(`bench-cycle-${randomBytes(3).toString('hex')}`, retryBackoffMs),
  );
  await producer.connect();
  const samples = { send: [] as number[], offsets: [] as number[], commit: [] as number[], total: [] as number[] };
  try {
    for (let index = 0; index < transactions; index += 1) {
      const started = Date.now();
      const transaction = await producer.transaction();
      await transaction.sendBatch({
        topicMessages: [{ topic: topics.output, messages: [{ key: `cycle-${index}`, value: 'x'.repeat(200) }] }],
        acks: -1,
      });
      const sent = Date.now();
      await transaction.sendOffsets({
        consumerGroupId: topics.group,
        topics: [{ topic: topics.input, partitions: [{ partition: 0, offset: String(index + 1) }] }],
      });
      const offsets = Date.now();
      await transaction.commit();
      const committed = Date.now();
      samples.send.push(sent - started);
      samples.offsets.push(offsets - sent);
      samples.commit.push(committed - offsets);
      samples.total.push(committed - started);
    }
  } finally {
    await producer.disconnect();
  }
  const summary = (values: number[]) => ({ p50: percentile(values, 0.5), p99: percentile(values, 0.99) });
  return {
    transactions,
    steps: {
      send: summary(samples.send),
      offsets: summary(samples.offsets),
      commit: summary(samples.commit),
      total: summary(samples.total),
    },
  };
}
