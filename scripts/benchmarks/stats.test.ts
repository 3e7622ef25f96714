import { median, percentile } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles: p50 of 1..100 is 50, p99 is 99', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect([percentile(values, 0.5), percentile(values, 0.99), percentile([], 0.5)]).toEqual([50, 99, Number.NaN]);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, Number.NaN]);
  });
});
