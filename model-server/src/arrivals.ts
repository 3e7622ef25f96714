/**
 * Counts POST requests whose bodies are still being received or parsed: work that may join the
 * next batch. The batcher waits for a batch to fill only while this is above zero, so a lone
 * request does not sit out the whole batch delay.
 */
export class ArrivalCounter {
  private readonly receiving = new WeakSet<object>();
  private count = 0;

  start(request: object): void {
    if (this.receiving.has(request)) return;
    this.receiving.add(request);
    this.count++;
  }

  /** Idempotent: called when the handler starts, and again (harmlessly) when the response ends. */
  finish(request: object): void {
    if (this.receiving.delete(request)) this.count--;
  }

  get receivingNow(): number {
    return this.count;
  }
}
