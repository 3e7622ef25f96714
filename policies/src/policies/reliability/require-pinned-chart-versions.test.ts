import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { isExactVersion, requirePinnedChartVersions as policy } from './require-pinned-chart-versions';

describe('require-pinned-chart-versions', () => {
  it('passes a release pinned to one version', async () => {
    expect(await validateResource(policy, fixtures.release())).toEqual([]);
  });

  it('flags a release with a version range, naming the chart', async () => {
    expect(await validateResource(policy, withChange(fixtures.release(), 'version', '^2.20.0'))).toEqual([
      expect.stringMatching(/Helm release "keda" pins chart keda to the range "\^2.20.0".*exact chart version/),
    ]);
  });

  it('flags a release without a version', async () => {
    expect(await validateResource(policy, withChange(fixtures.release(), 'version', undefined))).toEqual([
      expect.stringMatching(/at whatever version is newest/),
    ]);
  });

  it.each(['1.30.3', 'v1.21.1', '4.8.2', '1.0.0-rc.1'])('accepts the exact version %s', (version) => {
    expect(isExactVersion(version)).toBe(true);
  });

  it.each(['1.30', '~1.30.3', '1.x', '>=1.0.0', 'latest', '01.2.3'])('rejects the range %s', (version) => {
    expect(isExactVersion(version)).toBe(false);
  });
});
