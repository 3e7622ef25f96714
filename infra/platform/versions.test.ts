import { referenceChartMetadata } from './reference';
import type { ChartKey } from './versions';
import { charts } from './versions';

const exactVersion = /^v?\d+\.\d+\.\d+$/;

describe('chart versions', () => {
  it.each(Object.entries(charts))(
    '%s is pinned to an exact version from a repository or OCI registry',
    (_key, source) => {
      expect(source.version).toMatch(exactVersion);
      if ('repo' in source) {
        expect(source.repo).toMatch(/^https:\/\//);
        expect(source.chart).not.toContain('/');
      } else {
        expect(source.chart).toMatch(/^oci:\/\//);
      }
    },
  );

  it.each(Object.keys(charts))('%s is the chart and version kept in the reference data', (key) => {
    const source = charts[key as ChartKey];
    const reference = referenceChartMetadata(key as ChartKey);
    expect(source.chart.split('/').pop()).toBe(reference.name);
    // The Knative repository index spells its version with a leading `v`, its Chart.yaml without.
    expect(source.version.replace(/^v/, '')).toBe(reference.version.replace(/^v/, ''));
  });
});
