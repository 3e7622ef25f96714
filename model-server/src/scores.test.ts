import { shortestFloat32, topLabel } from './scores';

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

  it('gives the score as the float32 it is, in the fewest digits that read back as that float32', () => {
    expect(shortestFloat32(0.9999999798094461)).toBe(1);
    expect(shortestFloat32(0.99999994)).toBe(0.99999994);
    expect(shortestFloat32(0.1)).toBe(0.1);
    expect(shortestFloat32(1 / 3)).toBe(0.33333334);
    for (const value of [1e-7, 0.123456789, 0.5, 0.75]) {
      expect(Math.fround(shortestFloat32(value))).toBe(Math.fround(value));
    }
  });
});
