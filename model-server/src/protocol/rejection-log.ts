import type { FastifyBaseLogger } from 'fastify';

/**
 * Logs rejected requests at info with their reason, at most `perSecond` lines a second: a flood of bad requests
 * cannot fill the disk, and the next line written says how many were left out.
 */
export class RejectionLog {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly perSecond = 10,
    private readonly now: () => number = Date.now,
  ) {}

  reject(logger: FastifyBaseLogger, details: { status: number; method: string; url: string; reason: string }): void {
    const at = this.now();
    if (at - this.windowStart >= 1_000) {
      this.windowStart = at;
      this.written = 0;
    }
    if (this.written >= this.perSecond) {
      this.suppressed += 1;
      return;
    }
    this.written += 1;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    logger.info({ ...details, ...(suppressed > 0 ? { suppressedBefore: suppressed } : {}) }, 'request rejected');
  }
}
