import { median } from './median';

/** Times one ONNX run of `rows` rows of `length` tokens, in milliseconds. */
export type TimeRun = (rows: number, length: number) => Promise<number>;

const PROBE_LENGTH = 16;
const PROBE_ROWS = 16;
const MAX_PAIRS = 5;
const BUDGET_MS = 1_000;

/**
 * What one extra ONNX run costs, in padded tokens: times a 1-row and a 16-row run of the same
 * length (after one warm-up each), so time = overhead + tokens × per-token cost gives both. On a CPU a
 * BERT's run costs little beyond its tokens (splitting batches by length pays); a tiny model or a GPU
 * pays mostly per run (keep batches whole, Infinity when more tokens cost nothing measurable).
 * Stops after five pairs or about a second, for models whose runs are slow.
 */
export async function measureRunOverheadTokens(timeRun: TimeRun, maxLength: number): Promise<number> {
  const length = Math.max(1, Math.min(PROBE_LENGTH, maxLength));
  await timeRun(1, length);
  await timeRun(PROBE_ROWS, length);
  const small: number[] = [];
  const large: number[] = [];
  const started = performance.now();
  while (small.length < MAX_PAIRS && (small.length === 0 || performance.now() - started < BUDGET_MS)) {
    small.push(await timeRun(1, length));
    large.push(await timeRun(PROBE_ROWS, length));
  }
  const perToken = (median(large) - median(small)) / ((PROBE_ROWS - 1) * length);
  if (!(perToken > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(0, (median(small) - length * perToken) / perToken);
}
