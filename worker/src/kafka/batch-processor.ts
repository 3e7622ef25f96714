import type { Batch, EachBatchPayload } from 'kafkajs';
import { errorMessage, WorkerError } from '../errors';
import type { Infer } from '../model/model-client';
import type { Logger } from '../ops/logger';
import type { WorkerMetrics } from '../ops/metrics';
import { backoffDelayMs, modelBackoff } from '../processing/backoff';
import { classifyRecords, type ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord, RecordSource } from '../processing/records';
import type { Delivery } from './delivery';

// Waits are sliced so heartbeats go out well within the session timeout and shutdown is noticed quickly.
const waitSliceMs = 1_000;
// Inference requests in flight per partition, delivered together in one transaction: amortises the transaction
// round trips (five requests to the coordinator and leaders) over several model batches. Measured with the
// bench (batch size 64): 8 -> 0.49 of the model server's rate, 16 -> 0.55-0.79, 32 -> 0.62-0.71 with p50
// latency near 300 ms at half load; 64 raised throughput further but p50 latency past 1 s.
export const chunksPerTransaction = 32;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a batch needs of the consumer group: heartbeats, pausing its partition, and whether to go on. */
export type BatchContext = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale' | 'pause'>;

/** The part of kafkajs's `eachBatch` payload the processor reads. */
export type BatchPayload = BatchContext & {
  readonly batch: Pick<Batch, 'topic' | 'partition' | 'highWatermark'> & { readonly messages: InputRecord[] };
  resolveOffset(offset: string): void;
};

export interface BatchProcessorOptions {
  readonly delivery: Pick<Delivery, 'firstUndelivered' | 'deliver'>;
  readonly infer: Infer;
  readonly maxBatchSize: number;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  /** Waits between retries of an unavailable model API, heartbeating; tests pass one that takes no time. */
  readonly wait?: (delayMs: number, context: BatchContext) => Promise<void>;
  /** Jitter of the retry delays. */
  readonly random?: () => number;
}

/**
 * One partition's batch, from consumed records to delivered results: records delivered before are skipped,
 * the rest go to the model in chunks (several requests in flight), each group of chunks is delivered in one
 * transaction in offset order while the next group is classified, and the consumed position follows. While the
 * model API is unavailable the partition is paused and nothing is delivered or resolved.
 */
export function createBatchProcessor({
  delivery,
  infer,
  maxBatchSize,
  metrics,
  logger,
  wait = waitWithHeartbeats,
  random = Math.random,
}: BatchProcessorOptions): (payload: BatchPayload) => Promise<void> {
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
          Promise.allSettled(pending.map(({ chunk }) => classifyRecords(chunk, source, infer))),
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
        const delayMs = backoffDelayMs(attempt, modelBackoff, random, retryAfterOf(failure));
        logger.warn({ ...source, attempt, delayMs, err: failure.message }, 'model API unavailable, partition paused');
        await wait(delayMs, context);
      }
    } finally {
      if (resume !== undefined) {
        resume();
        metrics.pausedPartitions.dec();
        logger.info(source, 'partition resumed');
      }
    }
  }

  function setLag(batch: BatchPayload['batch'], lastOffset: string): void {
    const lag = BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n;
    metrics.consumerLag.set({ partition: batch.partition }, Number(lag > 0n ? lag : 0n));
  }

  return async function processBatch(payload: BatchPayload): Promise<void> {
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
    const chunks = splitIntoChunks(pending, maxBatchSize);
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
