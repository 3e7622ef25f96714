import type { RecordedResource } from '../testing';
import { chartOfRelease, helmReleaseProblems, platformResources } from './platform-inventory';
import { referenceChartValues } from './reference';

function release(inputs: Record<string, unknown>): RecordedResource {
  return {
    type: 'kubernetes:helm.sh/v3:Release',
    name: 'cert-manager-release',
    inputs,
    secretInputs: [],
    custom: true,
  };
}

const pinned = {
  chart: 'cert-manager',
  version: 'v1.21.1',
  repositoryOpts: { repo: 'https://charts.jetstack.io' },
  namespace: 'cert-manager',
  values: { crds: { enabled: true } },
};

describe('helmReleaseProblems', () => {
  it('finds nothing wrong with a pinned release and known values', () => {
    expect(helmReleaseProblems(release(pinned), referenceChartValues)).toEqual([]);
  });

  it('names a version range, a wrong repository, a missing namespace, an unknown key and a mistyped value', () => {
    const { namespace: _omitted, ...withoutNamespace } = pinned;
    const problems = helmReleaseProblems(
      release({
        ...withoutNamespace,
        version: '^1.21.0',
        repositoryOpts: { repo: 'https://example.com/charts' },
        values: { crds: { enable: true }, replicaCount: 'two' },
      }),
      referenceChartValues,
    );
    expect(problems).toEqual([
      'Helm release cert-manager-release: version "^1.21.0" is not exact',
      'Helm release cert-manager-release: version ^1.21.0 differs from versions.ts (v1.21.1)',
      'Helm release cert-manager-release: repository https://example.com/charts is not https://charts.jetstack.io',
      'Helm release cert-manager-release: no namespace',
      'Helm release cert-manager-release: values key crds.enable does not exist in chart certManager',
      expect.stringMatching(/^Helm release cert-manager-release: values \/crds: /),
      expect.stringMatching(/^Helm release cert-manager-release: values \/replicaCount: /),
    ]);
  });

  it('refuses a chart that versions.ts does not pin', () => {
    expect(chartOfRelease(release({ ...pinned, chart: 'nginx' }))).toBeUndefined();
    expect(helmReleaseProblems(release({ ...pinned, chart: 'nginx' }), referenceChartValues)).toEqual([
      'Helm release cert-manager-release: chart nginx is not pinned in versions.ts',
    ]);
  });
});

describe('platformResources', () => {
  it('keeps resources named after a platform component only', () => {
    const named = (name: string): RecordedResource => ({ type: 't', name, inputs: {}, secretInputs: [], custom: true });
    expect(
      platformResources([named('kafka-cluster'), named('app-worker'), named('istio'), named('kafkaesque')]).map(
        (r) => r.name,
      ),
    ).toEqual(['kafka-cluster', 'istio']);
  });
});
