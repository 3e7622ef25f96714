import fc from 'fast-check';
import { planRuns, trimPadding } from './run-planner';

const row = (ids: number[], mask: number[]) => ({ inputIds: ids, attentionMask: mask, tokenTypeIds: ids.map(() => 0) });

/** What the planner minimises: per run, the overhead plus rows × the run's longest row. */
const costOf = (runs: number[][], lengths: number[], overhead: number) =>
  runs.reduce((sum, run) => sum + overhead + run.length * Math.max(...run.map((index) => lengths[index] ?? 0)), 0);

/** Every way to cut the rows, sorted by length, into consecutive runs. */
function everyCut(sorted: number[]): number[][][] {
  if (sorted.length === 0) return [[]];
  return sorted.flatMap((_, end) => everyCut(sorted.slice(end + 1)).map((rest) => [sorted.slice(0, end + 1), ...rest]));
}

describe('trimPadding', () => {
  it('drops the padding after the last attended token', () => {
    expect(trimPadding(row([2, 7, 3, 0, 0], [1, 1, 1, 0, 0]))).toEqual(row([2, 7, 3], [1, 1, 1]));
  });

  it('keeps a row without padding as it is, and one token of a row that attends to nothing', () => {
    const full = row([2, 7, 3], [1, 1, 1]);
    expect(trimPadding(full)).toBe(full);
    expect(trimPadding(row([0, 0, 0], [0, 0, 0]))).toEqual(row([0], [0]));
  });

  it('keeps padding before attended tokens (left padding)', () => {
    expect(trimPadding(row([0, 2, 3], [0, 1, 1]))).toEqual(row([0, 2, 3], [0, 1, 1]));
  });
});

describe('planRuns', () => {
  it('keeps the batch whole, in order, when a run costs more than any padding saved', () => {
    expect(planRuns([9, 3, 40, 3], Number.POSITIVE_INFINITY)).toEqual([[0, 1, 2, 3]]);
    expect(planRuns([9, 3, 40, 3], 1_000)).toEqual([[0, 1, 2, 3]]);
  });

  it('runs a long row apart from short ones when its padding would cost more than a run', () => {
    // One run: 4 × 40 = 160 padded tokens; two: (10 + 3 × 5) + (10 + 40) = 75.
    expect(planRuns([5, 40, 5, 5], 10)).toEqual([[0, 2, 3], [1]]);
  });

  it('with no run overhead, gives each length its own run', () => {
    expect(planRuns([7, 3, 7, 5], 0)).toEqual([[1], [3], [0, 2]]);
  });

  it('runs every row exactly once, at the least cost of any cut of the rows sorted by length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 200 }),
        (lengths, overhead) => {
          const runs = planRuns(lengths, overhead);
          expect(runs.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
          const sorted = lengths.map((_, index) => index).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0));
          const best = Math.min(...everyCut(sorted).map((cut) => costOf(cut, lengths, overhead)));
          expect(costOf(runs, lengths, overhead)).toBe(best);
        },
      ),
    );
  });
});
