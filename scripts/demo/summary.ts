/** Running figures of one demo run: what was sent, what came back, how right and how fast. */
export class RunningSummary {
  private readonly sentAt = new Map<string, number>();
  private readonly expected = new Map<string, string>();
  private readonly answered = new Set<string>();
  private readonly latenciesMs: number[] = [];
  private firstSentAt: number | undefined;
  private lastResultAt: number | undefined;
  private readonly counts = { correct: 0, rejected: 0, duplicates: 0, unexpected: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  sent(id: string, category: string): void {
    const at = this.now();
    this.firstSentAt ??= at;
    this.sentAt.set(id, at);
    this.expected.set(id, category);
  }

  /** Records an answer; returns the true category, or undefined for an id this run did not send or already saw. */
  result(id: string, category: string): string | undefined {
    const truth = this.expected.get(id);
    if (truth === undefined) {
      this.counts.unexpected++;
      return undefined;
    }
    if (this.answered.has(id)) {
      this.counts.duplicates++;
      return undefined;
    }
    this.answered.add(id);
    const at = this.now();
    this.lastResultAt = at;
    const sentAt = this.sentAt.get(id);
    if (sentAt !== undefined) this.latenciesMs.push(at - sentAt);
    if (truth === category) this.counts.correct++;
    return truth;
  }

  reject(id: string): void {
    if (this.expected.has(id) && !this.answered.has(id)) {
      this.answered.add(id);
      this.counts.rejected++;
    }
  }

  /** Results whose category matched the true one. */
  get correct(): number {
    return this.counts.correct;
  }

  /** Messages answered on the DLQ instead of with a category. */
  get rejected(): number {
    return this.counts.rejected;
  }

  /** Further results for an id already answered (at-least-once redelivery shows here). */
  get duplicates(): number {
    return this.counts.duplicates;
  }

  /** Results for ids this run did not send (left over from an earlier run). */
  get unexpected(): number {
    return this.counts.unexpected;
  }

  get sentCount(): number {
    return this.expected.size;
  }

  get resultCount(): number {
    return this.answered.size - this.rejected;
  }

  /** Every sent message has an answer (a result or a reject). */
  get complete(): boolean {
    return this.answered.size >= this.expected.size;
  }

  get accuracy(): number {
    return this.resultCount === 0 ? 0 : this.correct / this.resultCount;
  }

  /** Results per second since the first message was sent. */
  throughput(at: number = this.now()): number {
    if (this.firstSentAt === undefined) return 0;
    const seconds = (at - this.firstSentAt) / 1000;
    return seconds <= 0 ? 0 : this.resultCount / seconds;
  }

  latencyPercentile(fraction: number): number | undefined {
    if (this.latenciesMs.length === 0) return undefined;
    const sorted = [...this.latenciesMs].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
    return sorted[index];
  }

  /** The final figures, and what the latency means given how the titles were sent (`rate`: undefined, a flood). */
  report(rate?: number): string {
    const elapsed = this.firstSentAt === undefined ? 0 : ((this.lastResultAt ?? this.now()) - this.firstSentAt) / 1000;
    const p50 = this.latencyPercentile(0.5);
    const p99 = this.latencyPercentile(0.99);
    const lines = [
      `sent ${this.sentCount}, categorized ${this.resultCount}, rejected ${this.rejected}, missing ${this.sentCount - this.answered.size}`,
      `accuracy ${(this.accuracy * 100).toFixed(1)}% (${this.correct}/${this.resultCount})`,
      `throughput ${this.throughput(this.lastResultAt ?? this.now()).toFixed(1)} msg/s over ${elapsed.toFixed(1)} s`,
    ];
    if (p50 !== undefined && p99 !== undefined) {
      lines.push(`produce-to-result latency p50 ${p50} ms, p99 ${p99} ms`);
      lines.push(
        rate === undefined
          ? 'The titles went in as fast as the broker took them, so this latency is mostly time queued behind earlier ' +
              'titles, not the time one title takes; `--rate N` sends N messages per second and measures that.'
          : `At a steady ${rate} msg/s this latency is one title's trip: Kafka, the worker, the model server and the ` +
              'exactly-once commit that makes the result visible.',
      );
    }
    if (this.duplicates > 0 || this.unexpected > 0) {
      lines.push(`duplicates ${this.duplicates}, results for ids this run did not send ${this.unexpected}`);
    }
    return lines.join('\n');
  }
}
