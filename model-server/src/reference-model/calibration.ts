/**
 * Score calibration of the reference model: temperature scaling (Guo et al., 2017, "On Calibration of Modern
 * Neural Networks"), its expected calibration error and reliability bins, and the coverage/accuracy trade-off of
 * an abstention threshold. Hand-written: one convex parameter and a few sums, nothing a library would add.
 */
import { argmax } from './classifier';

/** One example's logits and its true class. */
export interface LabelledLogits {
  readonly logits: ArrayLike<number>;
  readonly label: number;
}

/** The top class's probability and whether it was right. */
export interface Prediction {
  readonly confidence: number;
  readonly correct: boolean;
}

/** softmax(logits / temperature), computed stably. */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  const scaled = Array.from(logits, (value) => value / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((value) => Math.exp(value - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/** Mean negative log-likelihood of the true classes at `temperature`. */
export function negativeLogLikelihood(examples: readonly LabelledLogits[], temperature: number): number {
  let total = 0;
  for (const { logits, label } of examples) {
    const probability = softmax(logits, temperature)[label] ?? 0;
    total -= Math.log(Math.max(probability, 1e-300));
  }
  return total / Math.max(1, examples.length);
}

/**
 * The temperature that minimises the negative log-likelihood (convex in 1/T), by golden-section search over
 * log T in [log 0.05, log 100].
 */
export function fitTemperature(examples: readonly LabelledLogits[]): number {
  if (examples.length === 0) return 1;
  const loss = (logT: number) => negativeLogLikelihood(examples, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(100);
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  while (high - low > 1e-4) {
    if (lossA < lossB) {
      high = b;
      b = a;
      lossB = lossA;
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      low = a;
      a = b;
      lossA = lossB;
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  return Math.exp((low + high) / 2);
}

/** The top class's probability at `temperature`, and whether the top class is the true one. */
export function predictionsOf(examples: readonly LabelledLogits[], temperature = 1): Prediction[] {
  return examples.map(({ logits, label }) => {
    const probabilities = softmax(logits, temperature);
    const best = argmax(probabilities);
    return { confidence: probabilities[best] ?? 0, correct: best === label };
  });
}

/** One confidence bin: its range, how many predictions fell in it, their mean confidence and their accuracy. */
export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly confidence: number;
  readonly accuracy: number;
}

const round4 = (value: number) => Number(value.toFixed(4));

/**
 * Expected calibration error over `bins` equal-width confidence bins (the weighted mean gap between accuracy and
 * confidence), and the bins themselves (empty ones left out).
 */
export function reliability(
  predictions: readonly Prediction[],
  bins = 10,
): { readonly ece: number; readonly bins: ReliabilityBin[] } {
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of predictions) {
    const bin = sums[Math.min(bins - 1, Math.floor(confidence * bins))];
    if (bin === undefined) continue;
    bin.count += 1;
    bin.confidence += confidence;
    bin.correct += correct ? 1 : 0;
  }
  let ece = 0;
  const table: ReliabilityBin[] = [];
  sums.forEach((bin, index) => {
    if (bin.count === 0) return;
    const confidence = bin.confidence / bin.count;
    const accuracy = bin.correct / bin.count;
    ece += (bin.count / Math.max(1, predictions.length)) * Math.abs(accuracy - confidence);
    table.push({
      from: round4(index / bins),
      to: round4((index + 1) / bins),
      count: bin.count,
      confidence: round4(confidence),
      accuracy: round4(accuracy),
    });
  });
  return { ece: round4(ece), bins: table };
}

/** What an abstention threshold does: the share of predictions kept (score at or above it) and their accuracy. */
export interface AbstentionPoint {
  readonly threshold: number;
  readonly coverage: number;
  readonly accuracy: number;
}

export function abstentionTradeOff(
  predictions: readonly Prediction[],
  thresholds: readonly number[],
): AbstentionPoint[] {
  return thresholds.map((threshold) => {
    const kept = predictions.filter((prediction) => prediction.confidence >= threshold);
    const correct = kept.filter((prediction) => prediction.correct).length;
    return {
      threshold,
      coverage: round4(kept.length / Math.max(1, predictions.length)),
      accuracy: round4(kept.length === 0 ? 1 : correct / kept.length),
    };
  });
}
