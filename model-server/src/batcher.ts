export interface BatcherOptions {
  maxBatchSize: number;
  maxBatchDelayMs: number;
  /** How many batches may run at once (the number of sessions). */
  concurrency: number;
  onBatch?: (size: number) => void;
  onQueueDepth?: (items: number) => void;
  /**
   * How many requests are still arriving (bodies being read). When given, a batch that is not full
   * runs at the end of the current event-loop turn once nothing more is arriving, instead of
   * waiting out the delay; without it the batcher always waits up to the delay.
   */
  arriving?: () => number;
}

/** Runs one batch and returns one row of logits per item, in order. */
export type BatchRun<Item> = (items: Item[]) => Promise<Float32Array[]>;

interface Job<Item> {
  items: Item[];
  enqueuedAt: number;
  resolve: (rows: Float32Array[]) => void;
  reject: (error: Error) => void;
}

/**
 * Dynamic batching: requests queue, and a batch runs when it holds `maxBatchSize` items or its
 * oldest request has waited `maxBatchDelayMs`, whichever comes first, as soon as fewer than
 * `concurrency` batches are running (a full batch is handed over at once, to queue behind them).
 * Results are split back per request. A request larger than the batch size runs as one batch of
 * its own.
 */
export class DynamicBatcher<Item> {
  private readonly queue: Job<Item>[] = [];
  private queuedItems = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private endOfTurn: NodeJS.Immediate | undefined;

  constructor(
    private readonly runBatch: BatchRun<Item>,
    private readonly options: BatcherOptions,
  ) {}

  infer(items: Item[]): Promise<Float32Array[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ items, enqueuedAt: performance.now(), resolve, reject });
      this.queuedItems += items.length;
      this.options.onQueueDepth?.(this.queuedItems);
      this.schedule();
    });
  }

  private schedule(endOfTurn = false): void {
    while (this.queue.length > 0) {
      const oldest = this.queue[0];
      if (oldest === undefined) return;
      const full = this.queuedItems >= this.options.maxBatchSize;
      // A full batch cannot grow by waiting: it is handed over at once to queue in the session's
      // thread, which then goes straight on to it instead of waiting for this thread's reply.
      if (!full && this.inFlight >= this.options.concurrency) return;
      const waited = performance.now() - oldest.enqueuedAt;
      const nothingArriving = this.options.arriving !== undefined && this.options.arriving() === 0;
      if (!full && waited < this.options.maxBatchDelayMs && !(endOfTurn && nothingArriving)) {
        if (nothingArriving) {
          // Requests read in this same turn are queued by its end: look again then.
          this.endOfTurn ??= setImmediate(() => {
            this.endOfTurn = undefined;
            this.schedule(true);
          });
        }
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.schedule();
        }, this.options.maxBatchDelayMs - waited);
        return;
      }
      this.dispatch(this.takeBatch());
    }
  }

  private takeBatch(): Job<Item>[] {
    const jobs: Job<Item>[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (next === undefined || (jobs.length > 0 && size + next.items.length > this.options.maxBatchSize)) break;
      jobs.push(next);
      this.queue.shift();
      size += next.items.length;
    }
    this.queuedItems -= size;
    this.options.onQueueDepth?.(this.queuedItems);
    return jobs;
  }

  private dispatch(jobs: Job<Item>[]): void {
    const items = jobs.flatMap((job) => job.items);
    this.inFlight++;
    this.options.onBatch?.(items.length);
    this.runBatch(items)
      .then(
        (rows) => {
          let offset = 0;
          const results = jobs.map((job) => {
            const slice = rows.slice(offset, offset + job.items.length);
            offset += job.items.length;
            return { job, slice };
          });
          // Each request's response is built in its own event-loop turn: answering a whole batch
          // in one synchronous burst would stall every other socket for the length of the batch.
          const resolveNext = (index: number): void => {
            const result = results[index];
            if (result === undefined) return;
            result.job.resolve(result.slice);
            if (index + 1 < results.length) setImmediate(resolveNext, index + 1);
          };
          resolveNext(0);
        },
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const job of jobs) job.reject(failure);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }
}
