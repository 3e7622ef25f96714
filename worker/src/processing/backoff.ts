export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Retry delays for an unavailable model API: 250 ms doubling to 10 s, gentle on a model scaling from zero. */
export const modelBackoff: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half
 * random) so workers that failed together do not retry together, yet never retry at once.
 * A server's Retry-After hint raises the delay, within the cap.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}
