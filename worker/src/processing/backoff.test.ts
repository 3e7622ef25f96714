import fc from 'fast-check';
import { backoffDelayMs, modelBackoff } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    const upper = (attempt: number) => backoffDelayMs(attempt, { initialMs: 100, maxMs: 1000 }, () => 1);
    expect([0, 1, 2, 3, 4, 10].map(upper)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('always waits at least half the ceiling and at most the cap, so it never spins', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, random) => {
        const delay = backoffDelayMs(attempt, modelBackoff, () => random);
        const ceiling = Math.min(modelBackoff.maxMs, modelBackoff.initialMs * 2 ** Math.min(attempt, 30));
        return delay >= Math.floor(ceiling / 2) && delay <= modelBackoff.maxMs;
      }),
    );
  });

  it("honours the server's Retry-After hint within the cap", () => {
    expect(backoffDelayMs(0, { initialMs: 100, maxMs: 10_000 }, () => 0, 3000)).toBe(3000);
    expect(backoffDelayMs(0, { initialMs: 100, maxMs: 10_000 }, () => 0, 60_000)).toBe(10_000);
  });
});
