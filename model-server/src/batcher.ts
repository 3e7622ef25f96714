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

// Parts of one request in batches at once: two keep a large request going (its next part is handed over while
// one runs), and the rest of it queues behind whatever arrives meanwhile.
const partsInFlightPerRequest = 2;

/** One request: its rows fill in as its parts are answered. */
interface Request<Item> {
  readonly items: Item[];
  readonly rows: Float32Array[];
  /** Index of the first item not yet queued. */
  next: number;
  answered: number;
  /** Parts in batches handed over and not yet answered. */
  partsInFlight: number;
  /** Whether its next part is in the queue. */
  queued: boolean;
  failed: boolean;
  readonly resolve: (rows: Float32Array[]) => void;
  readonly reject: (error: Error) => void;
}

/** Items `start` to `end` of a request, waiting in the queue. */
interface Part<Item> {
  readonly request: Request<Item>;
  start: number;
  readonly end: number;
  readonly enqueuedAt: number;
}

/**
 * Dynamic batching: requests queue, and a batch runs when it holds `maxBatchSize` items or its
 * oldest request has waited `maxBatchDelayMs`, whichever comes first, as soon as fewer than
 * `concurrency` batches are running (a full batch is handed over at once, to queue behind them).
 * Results are split back per request.
 *
 * Fair to small requests: a request larger than the batch size goes in batch-sized parts, two at a
 * time, each next part queued behind whatever arrived meanwhile, so a one-title request waits a few
 * batch times behind a 30,000-title one, not the whole of it.
 */
export class DynamicBatcher<Item> {
  private queue: Part<Item>[] = [];
  /** Items in the queue (what a batch can be made of now). */
  private queuedItems = 0;
  /** Items not yet in a batch, queued or not (the queue depth reported). */
  private waitingItems = 0;
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
      const request: Request<Item> = {
        items,
        rows: new Array<Float32Array>(items.length),
        next: 0,
        answered: 0,
        partsInFlight: 0,
        queued: false,
        failed: false,
        resolve,
        reject,
      };
      this.waitingItems += items.length;
      this.options.onQueueDepth?.(this.waitingItems);
      this.enqueueNextPart(request);
      this.schedule();
    });
  }

  private enqueueNextPart(request: Request<Item>): void {
    if (request.failed || request.queued || request.next >= request.items.length) return;
    if (request.partsInFlight >= partsInFlightPerRequest) return;
    request.queued = true;
    const start = request.next;
    const end = Math.min(request.items.length, start + this.options.maxBatchSize);
    request.next = end;
    this.queue.push({ request, start, end, enqueuedAt: performance.now() });
    this.queuedItems += end - start;
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
      const parts = this.takeBatch();
      if (parts.length > 0) this.dispatch(parts);
    }
  }

  /** Up to `maxBatchSize` items from the head of the queue, the last part cut to fit. */
  private takeBatch(): Part<Item>[] {
    const taken: Part<Item>[] = [];
    let size = 0;
    while (size < this.options.maxBatchSize) {
      const head = this.queue[0];
      if (head === undefined) break;
      const length = head.end - head.start;
      if (head.request.failed) {
        this.queue.shift();
        this.queuedItems -= length;
        this.waitingItems -= length;
        continue;
      }
      const room = this.options.maxBatchSize - size;
      head.request.partsInFlight += 1;
      if (length > room) {
        taken.push({ ...head, end: head.start + room });
        head.start += room;
        size += room;
        break;
      }
      taken.push(head);
      this.queue.shift();
      head.request.queued = false;
      size += length;
      // The request's next part goes behind what arrived meanwhile.
      this.enqueueNextPart(head.request);
    }
    this.queuedItems -= size;
    this.waitingItems -= size;
    this.options.onQueueDepth?.(this.waitingItems);
    return taken;
  }

  private dispatch(parts: Part<Item>[]): void {
    const items = parts.flatMap(({ request, start, end }) => request.items.slice(start, end));
    this.inFlight++;
    this.options.onBatch?.(items.length);
    this.runBatch(items)
      .then(
        (rows) => {
          const completed: Request<Item>[] = [];
          let offset = 0;
          for (const { request, start, end } of parts) {
            for (let index = start; index < end; index += 1) {
              const row = rows[offset + index - start];
              if (row !== undefined) request.rows[index] = row;
            }
            offset += end - start;
            request.answered += end - start;
            request.partsInFlight -= 1;
            this.enqueueNextPart(request);
            if (!request.failed && request.answered === request.items.length) completed.push(request);
          }
          // Each request's response is built in its own event-loop turn: answering a whole batch
          // in one synchronous burst would stall every other socket for the length of the batch.
          const resolveNext = (index: number): void => {
            const request = completed[index];
            if (request === undefined) return;
            request.resolve(request.rows);
            if (index + 1 < completed.length) setImmediate(resolveNext, index + 1);
          };
          resolveNext(0);
        },
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const { request } of parts) {
            if (request.failed) continue;
            request.failed = true;
            // Its parts not yet queued will never be; those queued are dropped when reached.
            this.waitingItems -= request.items.length - request.next;
            request.next = request.items.length;
            request.reject(failure);
          }
        },
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }
}
