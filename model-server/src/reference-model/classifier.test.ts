import { argmax, forward, trainClassifier, type TrainingExample } from './classifier';

// Tokens 1-4 mean class 0, tokens 5-8 mean class 1; token 0 appears in both.
const examples: TrainingExample[] = Array.from({ length: 80 }, (_, i) => {
  const label = i % 2;
  const base = label === 0 ? 1 : 5;
  return { ids: [0, base + (i % 4), base + ((i + 1) % 4)], label };
});

describe('trainClassifier', () => {
  it('learns to separate two classes', () => {
    const params = trainClassifier(examples, 9, 2, { dimension: 8, epochs: 10, learningRate: 0.5, seed: 3 });
    const correct = examples.filter((example) => {
      const logits = forward(
        params,
        example.ids,
        example.ids.map(() => 1),
      );
      return argmax(logits) === example.label;
    });
    expect(correct).toHaveLength(examples.length);
  });

  it('gives identical parameters for the same seed', () => {
    const options = { dimension: 8, epochs: 3, learningRate: 0.5, seed: 11 };
    const a = trainClassifier(examples, 9, 2, options);
    const b = trainClassifier(examples, 9, 2, options);
    expect(Buffer.from(a.embedding.buffer).equals(Buffer.from(b.embedding.buffer))).toBe(true);
    expect(Array.from(a.weight)).toEqual(Array.from(b.weight));
  });

  it('ignores positions whose attention mask is 0 in the forward pass', () => {
    const params = trainClassifier(examples, 9, 2, { dimension: 8, epochs: 2, learningRate: 0.5, seed: 5 });
    expect(Array.from(forward(params, [1, 2, 7], [1, 1, 0]))).toEqual(Array.from(forward(params, [1, 2], [1, 1])));
  });
});
