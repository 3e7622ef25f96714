import type { Sequence } from './tokenizer';

/** Drops the padding after a row's last attended token (the model ignores it), keeping at least one. */
export function trimPadding(sequence: Sequence): Sequence {
  const last = sequence.attentionMask.lastIndexOf(1);
  const length = Math.max(1, last + 1);
  if (length >= sequence.inputIds.length) return sequence;
  return {
    inputIds: sequence.inputIds.slice(0, length),
    attentionMask: sequence.attentionMask.slice(0, length),
    tokenTypeIds: sequence.tokenTypeIds.slice(0, length),
  };
}

/**
 * Splits a batch into ONNX runs of similar lengths. A run pads every row to its longest, so one
 * run over mixed lengths computes padding; each extra run costs a fixed overhead instead.
 * `runOverheadTokens` is that overhead in padded tokens (see `measureRunOverheadTokens`). Rows are
 * sorted by length and cut where the total (overhead + rows × longest, per run) is least, found
 * exactly by dynamic programming (a batch holds at most a few hundred rows). Returns row indexes
 * per run; a lone run keeps the rows' order.
 */
export function planRuns(lengths: readonly number[], runOverheadTokens: number): number[][] {
  const all = lengths.map((_, index) => index);
  if (lengths.length <= 1 || !(runOverheadTokens < Number.POSITIVE_INFINITY)) return [all];
  const byLength = [...all].sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0) || a - b);
  const lengthAt = (position: number) => lengths[byLength[position] ?? 0] ?? 0;
  // cost[end]: the least cost of running the `end` shortest rows; start[end]: where its last run begins.
  const cost = [0];
  const start = [0];
  for (let end = 1; end <= byLength.length; end++) {
    let best = Number.POSITIVE_INFINITY;
    let bestStart = 0;
    for (let begin = 0; begin < end; begin++) {
      const candidate = (cost[begin] ?? 0) + runOverheadTokens + (end - begin) * lengthAt(end - 1);
      if (candidate < best) [best, bestStart] = [candidate, begin];
    }
    cost.push(best);
    start.push(bestStart);
  }
  const runs: number[][] = [];
  for (let end = byLength.length; end > 0; end = start[end] ?? 0) runs.unshift(byLength.slice(start[end], end));
  return runs.length === 1 ? [all] : runs;
}
