/** Messages sent per round when no rate is asked for: large enough to keep the broker busy. */
export const unpacedBatch = 500;
export const tickMs = 100;

/**
 * How many messages to send now: at `rate` messages/s, what should have gone out `elapsedMs`
 * after the first minus what has; without a rate, the next full batch. Never past `limit`.
 */
export function dueCount(elapsedMs: number, rate: number | undefined, sent: number, limit: number): number {
  const target = rate === undefined ? sent + unpacedBatch : Math.floor((elapsedMs / 1000) * rate) + 1;
  return Math.max(0, Math.min(limit, target) - sent);
}
