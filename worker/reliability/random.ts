import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Seeded choices, so a run that found something can be replayed with its `--seed`. */
export interface Chooser {
  /** A whole number from `min` to `max`, both included. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** The items in a random order. */
  shuffle<T>(items: readonly T[]): T[];
}

export function seededChooser(seed: number): Chooser {
  const generator = xoroshiro128plus(seed);
  const between = (min: number, max: number) => uniformInt(generator, min, max);
  return {
    between,
    pick(items) {
      const item = items[between(0, items.length - 1)];
      if (item === undefined) throw new Error('nothing to pick from');
      return item;
    },
    shuffle(items) {
      return items
        .map((item) => ({ item, rank: between(0, 2 ** 30) }))
        .sort((a, b) => a.rank - b.rank)
        .map(({ item }) => item);
    },
  };
}
