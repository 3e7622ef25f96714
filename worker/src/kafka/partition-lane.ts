import { errorMessage } from '../errors';
import type { Logger } from '../ops/logger';
import type { WorkerMetrics } from '../ops/metrics';
import { recordStages } from '../ops/record-stages';
import { backoffDelayMs } from '../processing/backoff';
import type { ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord, RecordSource } from '../processing/records';
import type { RetryControl } from './classify-with-retries';
import type { Delivery } from './delivery';

export interface LaneSettings {
  /** Titles per inference request. */
  readonly maxBatchSize: number;
  /**
   * Records per transaction at most; also bounds the lane's inference requests in flight to
   * `transactionMaxRecords / maxBatchSize`.
   */
  readonly transactionMaxRecords: number;
}

export interface LaneOptions extends LaneSettings {
  readonly source: RecordSource;
  readonly delivery: Pick<Delivery, 'firstUndelivered' | 'deliver'>;
  /** Classifies one inference request's records, retrying while the model API is unavailable; undefined when dropped. */
  readonly classify: (chunk: InputRecord[], control: RetryControl) => Promise<ClassifiedRecords | undefined>;
  /** Moves the consumer's fetch position of the partition (after a failed delivery). */
  readonly seek: (offset: string) => void;
  /** Pauses the partition's fetches; returns the function that resumes them. */
  readonly pause: () => () => void;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  /** Waits between model retries and repositioning attempts; tests pass one that takes no time. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What `accept` did with a consumed batch: the offset the consumer may move past, if any. */
export type Acceptance = { readonly resolve: string | undefined };

/** One consumed batch: how many of its records are not yet classified. */
interface Fetched {
  unclassified: number;
}

interface QueuedRecord {
  readonly record: InputRecord;
  readonly fetched: Fetched;
}

/** One inference request's records, from sent to delivered. */
interface Chunk {
  readonly records: InputRecord[];
  readonly fetched: Fetched[];
  classified?: ClassifiedRecords;
}

// Waits are sliced so a dropped lane stops retrying quickly.
const waitSliceMs = 1_000;
// Repositioning after failures in a row: quick after a broker restart, slow when something keeps failing.
const repositionBackoff = { initialMs: 200, maxMs: 10_000 };
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wakes whoever waits for the lane to change (records accepted, delivered or dropped). */
class Changes {
  private waiters: (() => void)[] = [];
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * One input partition's records, from consumed to delivered, decoupled from the consumer's fetch loop. Records are
 * sent to the model as soon as they arrive (requests of at most `maxBatchSize` titles, a bounded number in flight);
 * whenever no transaction is in flight, every result ready in offset order goes out in the next one (up to
 * `transactionMaxRecords`). So a record waits for the model and for at most one transaction before its own, and
 * transactions grow with the load instead of with a timer.
 *
 * When a delivery fails, the lane drops everything it holds, asks the delivery where the partition really stands
 * (the committed offset, once the transactional producer is initialised again) and moves the consumer back there,
 * so nothing is skipped and nothing committed is produced twice.
 */
export class PartitionLane {
  /** Accepted, not yet sent to the model. */
  private queue: QueuedRecord[] = [];
  /** Sent to the model and not yet delivered, in offset order. */
  private chunks: Chunk[] = [];
  private requestsInFlight = 0;
  /** Records below this offset are in the lane or delivered; undefined: accept from wherever the consumer is. */
  private nextOffset: bigint | undefined;
  /** Where to go back to when nothing better is known: the lane's first record, then its last delivered position. */
  private restartAt: bigint | undefined;
  private positioned = false;
  private positioning: Promise<void> | undefined;
  private recovering = false;
  private generation = 0;
  private delivering: Promise<void> | undefined;
  private highWatermark: string | undefined;
  private closed = false;
  private failures = 0;
  private pausedBy = 0;
  private resume: (() => void) | undefined;
  private readonly changes = new Changes();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRequestsInFlight: number;

  constructor(private readonly options: LaneOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRequestsInFlight = Math.max(1, Math.ceil(options.transactionMaxRecords / options.maxBatchSize));
  }

  /** Records held: waiting, being classified or being delivered. */
  get buffered(): number {
    return this.queue.length + this.chunks.reduce((sum, chunk) => sum + chunk.records.length, 0);
  }

  /**
   * Finds where the partition stands before its first batch and after a failed delivery: records below the
   * committed offset were delivered before (by this worker or a previous owner) and are skipped.
   */
  position(): Promise<void> {
    if (this.positioned) return Promise.resolve();
    this.positioning ??= this.findPosition().finally(() => (this.positioning = undefined));
    return this.positioning;
  }

  private async findPosition(): Promise<void> {
    const { delivery, source, logger } = this.options;
    const committed = await delivery.firstUndelivered(source.partition);
    const from = committed ?? this.restartAt;
    if (this.recovering && from !== undefined) {
      this.options.seek(from.toString());
      logger.info({ ...source, offset: from.toString() }, 'consuming again from the last committed position');
    }
    this.recovering = false;
    this.nextOffset = from;
    this.positioned = true;
  }

  /** Takes a consumed batch's records in; records the lane already holds or delivered are skipped. */
  accept(records: readonly InputRecord[], highWatermark: string, receivedAt = Date.now()): Acceptance {
    if (this.closed || !this.positioned) return { resolve: undefined };
    const floor = this.nextOffset;
    const fresh = records.filter((record) => floor === undefined || BigInt(record.offset) >= floor);
    const skipped = records.length - fresh.length;
    if (skipped > 0) {
      this.options.logger.info(
        { ...this.options.source, skipped, from: String(floor) },
        'skipping records held or delivered',
      );
    }
    this.highWatermark = highWatermark;
    const last = records.at(-1);
    if (fresh.length === 0) return { resolve: last?.offset };
    const fetched: Fetched = { unclassified: fresh.length };
    for (const record of fresh) this.queue.push({ record: { ...record, receivedAt }, fetched });
    this.restartAt ??= BigInt(fresh[0]?.offset ?? '0');
    this.nextOffset = BigInt(last?.offset ?? '0') + 1n;
    this.sendRequests(this.generation);
    return { resolve: last?.offset };
  }

  /** Resolves once the lane holds at most `records` records, or was dropped. */
  async bufferedAtMost(records: number): Promise<void> {
    while (!this.closed && this.buffered > records) await this.changes.next();
  }

  /** Stops taking work; resolves when the delivery in flight, if any, has finished. */
  async close(): Promise<void> {
    this.closed = true;
    this.drop();
    await this.delivering;
  }

  private drop(): void {
    this.generation += 1;
    this.queue = [];
    this.chunks = [];
    this.requestsInFlight = 0;
    this.changes.notify();
  }

  private isCurrent(generation: number): boolean {
    return !this.closed && this.generation === generation;
  }

  /** Sends waiting records to the model, as many requests as the lane may have in flight. */
  private sendRequests(generation: number): void {
    const { maxBatchSize, source, metrics } = this.options;
    while (this.isCurrent(generation) && this.queue.length > 0 && this.requestsInFlight < this.maxRequestsInFlight) {
      const taken = this.queue.splice(0, maxBatchSize);
      const chunk: Chunk = { records: taken.map(({ record }) => record), fetched: taken.map(({ fetched }) => fetched) };
      this.chunks.push(chunk);
      this.requestsInFlight += 1;
      metrics.consumed.inc({ partition: source.partition }, chunk.records.length);
      void this.classify(chunk, generation);
    }
  }

  private async classify(chunk: Chunk, generation: number): Promise<void> {
    let classified: ClassifiedRecords | undefined;
    try {
      classified = await this.options.classify(chunk.records, this.retryControl(generation));
    } catch (error) {
      this.fail(error, generation);
      return;
    }
    if (!this.isCurrent(generation) || classified === undefined) return;
    chunk.classified = classified;
    for (const fetched of chunk.fetched) fetched.unclassified -= 1;
    this.requestsInFlight -= 1;
    this.sendRequests(generation);
    this.deliverReady(generation);
  }

  private retryControl(generation: number): RetryControl {
    return {
      // The partition stays paused while any of its requests waits to retry.
      pause: () => {
        if (this.pausedBy === 0) {
          this.resume = this.options.pause();
          this.options.metrics.pausedPartitions.inc();
        }
        this.pausedBy += 1;
        return () => {
          this.pausedBy -= 1;
          if (this.pausedBy > 0) return;
          this.resume?.();
          this.resume = undefined;
          this.options.metrics.pausedPartitions.dec();
          this.options.logger.info(this.options.source, 'partition resumed');
        };
      },
      isActive: () => this.isCurrent(generation),
      wait: async (delayMs) => {
        const until = Date.now() + delayMs;
        while (this.isCurrent(generation) && Date.now() < until) {
          await this.sleep(Math.max(0, Math.min(waitSliceMs, until - Date.now())));
        }
      },
    };
  }

  /** When no transaction is in flight, delivers every result ready in offset order, up to a transaction's worth. */
  private deliverReady(generation: number): void {
    if (this.delivering !== undefined || !this.isCurrent(generation)) return;
    const ready: Chunk[] = [];
    let records = 0;
    for (const chunk of this.chunks) {
      if (chunk.classified === undefined) break;
      if (ready.length > 0 && records + chunk.records.length > this.options.transactionMaxRecords) break;
      ready.push(chunk);
      records += chunk.records.length;
    }
    // A consumed batch's results go out together (up to a transaction's worth), however its requests finish:
    // a backlog then commits in full transactions instead of in whatever happened to be ready.
    while (records + this.options.maxBatchSize <= this.options.transactionMaxRecords) {
      const last = ready.at(-1);
      if (last === undefined || last.fetched.every((fetched) => fetched.unclassified === 0)) break;
      ready.pop();
      records -= last.records.length;
    }
    if (ready.length === 0) return;
    const delivering = this.deliver(ready, generation).finally(() => {
      this.delivering = undefined;
      this.deliverReady(this.generation);
    });
    this.delivering = delivering;
  }

  /** Delivers chunks in one transaction. A failure drops the lane's work and repositions it. */
  private async deliver(ready: Chunk[], generation: number): Promise<void> {
    const { delivery, source, metrics } = this.options;
    const classified = mergeClassified(ready);
    const last = ready.at(-1)?.records.at(-1);
    const nextOffset = BigInt(last?.offset ?? '0') + 1n;
    try {
      const times = await delivery.deliver(source.partition, classified, nextOffset.toString());
      recordStages(metrics, classified.stageTimes, times);
      metrics.deliveryRecords.observe(classified.results.length + classified.deadLetters.length);
      metrics.produced.inc({ partition: source.partition }, classified.results.length);
      for (const { record, reason } of classified.deadLetters) {
        metrics.deadLettered.inc({ reason });
        this.options.logger.info(
          {
            ...source,
            offset: record.headers['x-dlq-source-offset']?.toString(),
            key: record.key?.toString() ?? null,
            reason,
            error: record.headers['x-dlq-error']?.toString(),
          },
          'message rejected to the DLQ',
        );
      }
      if (this.highWatermark !== undefined) {
        const lag = BigInt(this.highWatermark) - nextOffset;
        metrics.consumerLag.set({ partition: source.partition }, Number(lag > 0n ? lag : 0n));
      }
      this.restartAt = nextOffset;
      this.failures = 0;
      if (this.generation === generation) this.chunks.splice(0, ready.length);
      this.changes.notify();
    } catch (error) {
      metrics.retries.inc({ cause: 'delivery' });
      this.fail(error, generation);
    }
  }

  private fail(error: unknown, generation: number): void {
    if (this.generation !== generation) return;
    this.options.logger.warn(
      { ...this.options.source, err: errorMessage(error) },
      'delivery failed; the partition is consumed again from its committed position',
    );
    this.drop();
    this.positioned = false;
    this.recovering = true;
    this.failures += 1;
    void this.reposition(this.failures);
  }

  /**
   * Moves the consumer back to where the partition stands without waiting for its next batch (an idle input
   * would leave the dropped records unprocessed), once a delivery still in flight has settled where that is.
   */
  private async reposition(failures: number): Promise<void> {
    for (let attempt = failures - 1; !this.closed && !this.positioned; attempt += 1) {
      await this.delivering;
      await this.sleep(backoffDelayMs(attempt, repositionBackoff));
      try {
        await this.position();
      } catch (error) {
        this.options.logger.warn(
          { ...this.options.source, err: errorMessage(error) },
          'cannot find the committed position yet',
        );
      }
    }
  }
}

function mergeClassified(chunks: readonly Chunk[]): ClassifiedRecords {
  const merged: ClassifiedRecords = { results: [], deadLetters: [], inferred: 0, stageTimes: [] };
  for (const { classified } of chunks) {
    if (classified === undefined) throw new Error('a chunk has no classification');
    merged.results.push(...classified.results);
    merged.deadLetters.push(...classified.deadLetters);
    merged.inferred += classified.inferred;
    merged.stageTimes.push(...classified.stageTimes);
  }
  return merged;
}
