import {
  abstentionTradeOff,
  fitTemperature,
  negativeLogLikelihood,
  predictionsOf,
  reliability,
  softmax,
} from './calibration';

describe('score calibration', () => {
  it('computes softmax at a temperature', () => {
    const [low, high] = softmax([0, Math.log(3)]);
    expect(low).toBeCloseTo(0.25, 12);
    expect(high).toBeCloseTo(0.75, 12);
    const cooled = softmax([0, 2 * Math.log(3)], 2);
    expect(cooled[0]).toBeCloseTo(0.25, 12);
    expect(cooled[1]).toBeCloseTo(0.75, 12);
  });

  it('finds the temperature of over-confident logits: right 75 % of the time with logit gap 4 log 3, T = 4', () => {
    // softmax of [0, 4 ln 3] at T gives the top class 3^(4/T) / (1 + 3^(4/T)); it equals the 75 % accuracy at T = 4.
    const examples = [
      ...Array.from({ length: 3 }, () => ({ logits: [0, 4 * Math.log(3)], label: 1 })),
      { logits: [0, 4 * Math.log(3)], label: 0 },
    ];
    const temperature = fitTemperature(examples);
    expect(temperature).toBeCloseTo(4, 3);
    expect(negativeLogLikelihood(examples, temperature)).toBeLessThan(negativeLogLikelihood(examples, 1));
    expect(predictionsOf(examples, temperature)[0]?.confidence).toBeCloseTo(0.75, 4);
  });

  it('reports the expected calibration error and the bins it comes from', () => {
    const predictions = [
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: false },
      { confidence: 0.55, correct: true },
      { confidence: 0.55, correct: true },
    ];
    // Bin 0.9–1.0: confidence 0.95, accuracy 0.5; bin 0.5–0.6: confidence 0.55, accuracy 1. ECE = ½·0.45 + ½·0.45.
    expect(reliability(predictions)).toEqual({
      ece: 0.45,
      bins: [
        { from: 0.5, to: 0.6, count: 2, confidence: 0.55, accuracy: 1 },
        { from: 0.9, to: 1, count: 2, confidence: 0.95, accuracy: 0.5 },
      ],
    });
  });

  it('trades coverage for accuracy as the abstention threshold rises', () => {
    const predictions = [
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: true },
      { confidence: 0.6, correct: false },
      { confidence: 0.4, correct: false },
    ];
    expect(abstentionTradeOff(predictions, [0, 0.5, 0.7, 0.95])).toEqual([
      { threshold: 0, coverage: 1, accuracy: 0.5 },
      { threshold: 0.5, coverage: 0.75, accuracy: 0.6667 },
      { threshold: 0.7, coverage: 0.5, accuracy: 1 },
      { threshold: 0.95, coverage: 0, accuracy: 1 },
    ]);
  });
});
