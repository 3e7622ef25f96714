import type { Admin } from 'kafkajs';

/** The group's lag on `topic`: end offsets minus committed offsets, summed over partitions. */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number | undefined> {
  try {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const at = new Map(committed[0]?.partitions.map(({ partition, offset }) => [partition, Number(offset)]));
    return ends.reduce((sum, { partition, high }) => sum + Number(high) - Math.max(0, at.get(partition) ?? 0), 0);
  } catch {
    return undefined;
  }
}
