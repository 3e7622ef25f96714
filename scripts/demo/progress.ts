/** Where the demo writes: a terminal (redrawn in place) or a pipe or file (plain lines). */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * What a person watching the demo sees: lines that stay (steps, rejects, the summary), and one status line that a
 * terminal redraws in place; written to a pipe or a file, the status goes out as a plain line at most every
 * `plainIntervalMs`, so a log holds a readable trace instead of one line per message.
 */
export class Progress {
  private statusShown = false;
  private lastPlainAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly output: ProgressOutput,
    private readonly plainIntervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A line that stays. */
  line(text: string): void {
    this.clearStatus();
    this.output.write(`${text}\n`);
  }

  /** The current state, replacing the previous one. `force` writes it to a pipe even within the interval. */
  status(text: string, force = false): void {
    if (this.output.isTTY === true) {
      const width = Math.max(20, (this.output.columns ?? 100) - 1);
      const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
      this.output.write(`\r\x1b[2K${fitted}`);
      this.statusShown = true;
      return;
    }
    if (!force && this.now() - this.lastPlainAt < this.plainIntervalMs) return;
    this.lastPlainAt = this.now();
    this.output.write(`${text}\n`);
  }

  /** Shows `label` with the seconds it has taken until `work` settles, for steps that are otherwise silent. */
  async during<T>(label: string, work: Promise<T>): Promise<T> {
    const startedAt = this.now();
    const show = (force: boolean) => this.status(`${label} (${Math.round((this.now() - startedAt) / 1000)} s)`, force);
    show(true);
    const timer = setInterval(() => show(false), 1_000);
    try {
      return await work;
    } finally {
      clearInterval(timer);
      this.clearStatus();
    }
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.output.write('\r\x1b[2K');
    this.statusShown = false;
  }
}

/** `[########------------]` for `done` of `total`. */
export function bar(done: number, total: number, width = 20): string {
  const filled = total <= 0 ? 0 : Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
