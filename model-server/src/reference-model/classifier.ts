import { createPrng, shuffleInPlace } from './prng';

/**
 * A fastText-style text classifier: token embeddings, mean-pooled over the attention mask, then
 * one linear layer. Parameters are float32 so the exported graph holds exactly these values.
 */
export interface ClassifierParameters {
  vocabSize: number;
  dimension: number;
  classes: number;
  /** [vocabSize, dimension], row-major. */
  embedding: Float32Array;
  /** [dimension, classes], row-major. */
  weight: Float32Array;
  /** [classes]. */
  bias: Float32Array;
}

export interface TrainingExample {
  ids: number[];
  label: number;
}

export interface TrainingOptions {
  dimension: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** Mean of the embeddings of tokens whose mask is 1 (zeros when none is). */
function meanPool(params: ClassifierParameters, ids: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  const pooled = new Float64Array(params.dimension);
  let count = 0;
  for (let t = 0; t < ids.length; t++) {
    if (mask[t] !== 1) continue;
    count++;
    const row = (ids[t] ?? 0) * params.dimension;
    for (let d = 0; d < params.dimension; d++) pooled[d] = (pooled[d] ?? 0) + (params.embedding[row + d] ?? 0);
  }
  const divisor = Math.max(count, 1);
  for (let d = 0; d < params.dimension; d++) pooled[d] = (pooled[d] ?? 0) / divisor;
  return pooled;
}

function linear(params: ClassifierParameters, pooled: Float64Array): Float64Array {
  const logits = new Float64Array(params.classes);
  for (let c = 0; c < params.classes; c++) logits[c] = params.bias[c] ?? 0;
  for (let d = 0; d < params.dimension; d++) {
    const h = pooled[d] ?? 0;
    const row = d * params.classes;
    for (let c = 0; c < params.classes; c++) logits[c] = (logits[c] ?? 0) + h * (params.weight[row + c] ?? 0);
  }
  return logits;
}

/** The trainer's own forward pass: logits for one sequence. */
export function forward(params: ClassifierParameters, ids: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  return linear(params, meanPool(params, ids, mask));
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

function softmaxInPlace(logits: Float64Array): void {
  const max = Math.max(...logits);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] ?? 0) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = (logits[c] ?? 0) / sum;
}

/**
 * Trains with plain SGD on the softmax cross-entropy, one example at a time, with the learning
 * rate decaying linearly to zero (fastText's schedule). Deterministic for a seed.
 */
export function trainClassifier(
  examples: TrainingExample[],
  vocabSize: number,
  classes: number,
  options: TrainingOptions,
): ClassifierParameters {
  const random = createPrng(options.seed);
  const { dimension } = options;
  const params: ClassifierParameters = {
    vocabSize,
    dimension,
    classes,
    embedding: Float32Array.from({ length: vocabSize * dimension }, () => (random() * 2 - 1) / dimension),
    weight: new Float32Array(dimension * classes),
    bias: new Float32Array(classes),
  };
  const order = examples.map((_, index) => index);
  const totalSteps = options.epochs * examples.length;
  const gradPooled = new Float64Array(dimension);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const example = examples[index];
      if (example === undefined) continue;
      const rate = options.learningRate * (1 - step / totalSteps);
      step++;
      const mask = example.ids.map(() => 1);
      const pooled = meanPool(params, example.ids, mask);
      const probabilities = linear(params, pooled);
      softmaxInPlace(probabilities);
      probabilities[example.label] = (probabilities[example.label] ?? 0) - 1;
      gradPooled.fill(0);
      for (let d = 0; d < dimension; d++) {
        const row = d * classes;
        let sum = 0;
        for (let c = 0; c < classes; c++) {
          const g = probabilities[c] ?? 0;
          sum += g * (params.weight[row + c] ?? 0);
          params.weight[row + c] = (params.weight[row + c] ?? 0) - rate * g * (pooled[d] ?? 0);
        }
        gradPooled[d] = sum;
      }
      for (let c = 0; c < classes; c++) params.bias[c] = (params.bias[c] ?? 0) - rate * (probabilities[c] ?? 0);
      const scale = rate / Math.max(example.ids.length, 1);
      for (const id of example.ids) {
        const row = id * dimension;
        for (let d = 0; d < dimension; d++) {
          params.embedding[row + d] = (params.embedding[row + d] ?? 0) - scale * (gradPooled[d] ?? 0);
        }
      }
    }
  }
  return params;
}
