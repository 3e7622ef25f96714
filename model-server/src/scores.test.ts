import { topLabel } from './scores';

describe('topLabel', () => {
  it('picks the largest logit and gives its softmax probability', () => {
    const result = topLabel(Float32Array.from([0, Math.log(3), 0]), ['a', 'b', 'c']);
    expect(result.label).toBe('b');
    expect(result.score).toBeCloseTo(0.6, 6);
  });

  it('stays finite for very large logits', () => {
    const result = topLabel(Float32Array.from([1000, 999]), ['x', 'y']);
    expect(result.label).toBe('x');
    expect(result.score).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });
});
