/** The most likely label and its softmax probability. */
export function topLabel(logits: Float32Array, labels: string[]): { label: string; score: number } {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] ?? -Infinity) > (logits[best] ?? -Infinity)) best = i;
  const max = logits[best] ?? 0;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  return { label: labels[best] ?? String(best), score: 1 / sum };
}
