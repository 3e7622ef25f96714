import type { Admin } from 'kafkajs';
import { createTopicsAndWait } from '@category-match/kafka-harness';

export const inputTopic = 'category-match-in';
export const outputTopic = 'category-match-out';
export const dlqTopic = 'category-match-dlq';

/** Partitions per topic: as many workers as partitions could share the load. */
const partitions = 3;

/** Creates the three topics where missing (an existing topic is left as it is). */
export async function ensureTopics(admin: Admin): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [inputTopic, outputTopic, dlqTopic].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await createTopicsAndWait(
    admin,
    missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  );
}

/** The next offset of every partition: a reader starting there sees only what this run causes. */
export async function endOffsets(
  admin: Admin,
  topics: readonly string[],
): Promise<{ topic: string; partition: number; offset: string }[]> {
  const perTopic = await Promise.all(
    topics.map(async (topic) =>
      (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ topic, partition, offset: high })),
    ),
  );
  return perTopic.flat();
}
