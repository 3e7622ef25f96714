/**
 * A float32 value written as the shortest decimal that reads back as the same float32: the score travels as FP32,
 * so 0.9999999798094461 (a float64's digits) becomes 0.99999994, not a precision the model never had.
 */
export function shortestFloat32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}

/** The most likely label and its softmax probability, as FP32. */
export function topLabel(logits: Float32Array, labels: string[]): { label: string; score: number } {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] ?? -Infinity) > (logits[best] ?? -Infinity)) best = i;
  const max = logits[best] ?? 0;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  return { label: labels[best] ?? String(best), score: shortestFloat32(1 / sum) };
}
