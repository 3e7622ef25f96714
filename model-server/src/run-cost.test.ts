import { measureRunOverheadTokens, type TimeRun } from './run-cost';

/** A run that takes `overheadMs` plus `perTokenMs` for each padded token, and records its shapes. */
function linearRun(overheadMs: number, perTokenMs: number): { timeRun: TimeRun; shapes: string[] } {
  const shapes: string[] = [];
  const timeRun: TimeRun = (rows, length) => {
    shapes.push(`${rows}x${length}`);
    return Promise.resolve(overheadMs + rows * length * perTokenMs);
  };
  return { timeRun, shapes };
}

describe('measureRunOverheadTokens', () => {
  it('gives the fixed cost of a run in padded tokens', async () => {
    // 2 ms a run, 0.01 ms a token: a run costs what 200 tokens do.
    await expect(measureRunOverheadTokens(linearRun(2, 0.01).timeRun, 64)).resolves.toBeCloseTo(200, 6);
  });

  it('is zero when a run costs only its tokens', async () => {
    await expect(measureRunOverheadTokens(linearRun(0, 0.05).timeRun, 64)).resolves.toBeCloseTo(0, 6);
  });

  it('is infinite when more tokens cost nothing measurable (never split a batch)', async () => {
    await expect(measureRunOverheadTokens(linearRun(3, 0).timeRun, 64)).resolves.toBe(Number.POSITIVE_INFINITY);
  });

  it('probes with rows no longer than the model takes', async () => {
    const { timeRun, shapes } = linearRun(1, 0.01);
    await measureRunOverheadTokens(timeRun, 8);
    expect(new Set(shapes)).toEqual(new Set(['1x8', '16x8']));
  });

  it('takes medians, so one slow run does not decide', async () => {
    let calls = 0;
    const timeRun: TimeRun = (rows, length) => {
      calls++;
      // The third pair's small run is descheduled for 50 ms.
      return Promise.resolve((calls === 7 ? 50 : 2) + rows * length * 0.01);
    };
    await expect(measureRunOverheadTokens(timeRun, 64)).resolves.toBeCloseTo(200, 6);
  });
});
