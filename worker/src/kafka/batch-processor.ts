import type { Batch, EachBatchPayload } from 'kafkajs';
import type { InputRecord } from '../processing/records';
import type { PartitionLane } from './partition-lane';

// Waits are sliced so heartbeats go out well within the session timeout.
const heartbeatSliceMs = 1_000;

/** What a batch needs of the consumer group: heartbeats, and whether its records are still wanted. */
export type BatchContext = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;

/** The part of kafkajs's `eachBatch` payload the processor reads. */
export type BatchPayload = BatchContext & {
  readonly batch: Pick<Batch, 'topic' | 'partition' | 'highWatermark'> & { readonly messages: InputRecord[] };
  resolveOffset(offset: string): void;
};

export interface BatchProcessorOptions {
  /** The lane of a partition, created on first use. */
  readonly laneFor: (partition: number) => PartitionLane;
  /**
   * Records a partition may hold in the worker before its next fetch waits. 0 makes each fetch wait until the
   * previous batch is delivered (no overlap of fetching, inference and commits).
   */
  readonly partitionBufferRecords: number;
}

/**
 * kafkajs's `eachBatch`: hands the batch to its partition's lane and lets the consumer move on, waiting (with
 * heartbeats) only while the lane holds more than its buffer. kafkajs fetches again only when every batch of a
 * fetch has returned, so returning early is what lets the next records arrive while this batch is classified and
 * committed. The consumer's position moves past the records the lane took; the committed offset moves only with
 * their delivery.
 */
export function createBatchProcessor({
  laneFor,
  partitionBufferRecords,
}: BatchProcessorOptions): (payload: BatchPayload) => Promise<void> {
  return async function processBatch(payload: BatchPayload): Promise<void> {
    const { batch, resolveOffset } = payload;
    const lane = laneFor(batch.partition);
    await lane.position();
    // A batch fetched before the lane moved the consumer back is not wanted (kafkajs marks it stale).
    if (!payload.isRunning() || payload.isStale()) return;
    const { resolve } = lane.accept(batch.messages, batch.highWatermark);
    if (resolve !== undefined) resolveOffset(resolve);
    await whileHeartbeating(lane.bufferedAtMost(partitionBufferRecords), payload);
  };
}

/**
 * Awaits `work` while heartbeating every slice: kafkajs heartbeats only between batches, and a lane waiting for a
 * model API that scales from zero holds its batch for minutes. Throws when the group rebalances.
 */
async function whileHeartbeating(work: Promise<void>, context: BatchContext): Promise<void> {
  const finished = work.then(() => true);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), heartbeatSliceMs)));
    const done = await Promise.race([finished, tick]);
    clearTimeout(timer);
    if (done || !context.isRunning()) return;
    await context.heartbeat();
  }
}
