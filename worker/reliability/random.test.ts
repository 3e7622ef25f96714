import { seededChooser } from './random';

describe('seededChooser', () => {
  it('makes the same choices for the same seed, so a failing run can be replayed', () => {
    const draw = (seed: number) => {
      const choose = seededChooser(seed);
      return [choose.between(1, 1_000), choose.pick(['a', 'b', 'c']), choose.shuffle([1, 2, 3, 4, 5]).join('')];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('stays within the bounds and shuffles without losing or repeating items', () => {
    const choose = seededChooser(1);
    const values = Array.from({ length: 500 }, () => choose.between(3, 5));
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
    expect(choose.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
