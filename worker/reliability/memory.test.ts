import { judgeMemory } from './memory';
import type { LagSample } from './timeline';

/** One sample a second for `seconds`, of worker `incarnation`, with memory `rss(t)`. */
function worker(incarnation: number, from: number, seconds: number, rss: (t: number) => number): LagSample[] {
  return Array.from({ length: seconds + 1 }, (_, t) => ({
    at: from + t,
    lag: 0,
    worker: { incarnation, rssMiB: rss(t) },
  }));
}

describe('judgeMemory', () => {
  it('calls a worker whose memory levels off bounded, and reports its early and late figures', () => {
    const verdict = judgeMemory(worker(1, 0, 100, (t) => Math.min(200, 150 + t)));
    expect(verdict).toEqual({
      peakMiB: 200,
      longest: { incarnation: 1, seconds: 100, earlyMiB: 200, lateMiB: 200 },
      bounded: true,
    });
  });

  it('calls a worker whose memory keeps climbing after warm-up growing', () => {
    const verdict = judgeMemory(worker(1, 0, 100, (t) => 100 + 3 * t));
    expect(verdict.longest).toMatchObject({ earlyMiB: 340, lateMiB: 400 });
    expect(verdict.bounded).toBe(false);
  });

  it('calls a worker idle through an outage and then busy catching up bounded once its memory levels off', () => {
    // 140 MiB while the model is down, up to 260 MiB catching up, then flat with a little noise.
    const rss = (t: number) => (t < 45 ? 140 : t < 60 ? 140 + 8 * (t - 45) : 255 + (t % 3) * 5);
    const verdict = judgeMemory(worker(1, 0, 78, rss));
    expect(verdict.longest).toMatchObject({ earlyMiB: 265, lateMiB: 265 });
    expect(verdict.bounded).toBe(true);
  });

  it('judges the longest-lived worker, not the one that ran last', () => {
    const samples = [...worker(1, 0, 90, () => 180), ...worker(2, 95, 10, (t) => 100 + 20 * t)];
    expect(judgeMemory(samples).longest).toMatchObject({ incarnation: 1, seconds: 90 });
    expect(judgeMemory(samples).bounded).toBe(true);
  });

  it('fails any sample above the worker container limit of 512 MiB', () => {
    expect(judgeMemory(worker(1, 0, 10, (t) => (t === 5 ? 600 : 200))).bounded).toBe(false);
  });
});
