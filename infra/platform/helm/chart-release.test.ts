import { chartReleaseArgs } from './chart-release';

const values = { crds: { enabled: true } };

describe('chartReleaseArgs', () => {
  it('pins a classic repository chart by name, exact version and repository', () => {
    const args = chartReleaseArgs({
      releaseName: 'cert-manager',
      source: { chart: 'cert-manager', version: 'v1.21.1', repo: 'https://charts.jetstack.io' },
      namespace: 'cert-manager',
      ownsNamespace: true,
      values,
    });
    expect(args).toMatchObject({
      name: 'cert-manager',
      chart: 'cert-manager',
      version: 'v1.21.1',
      repositoryOpts: { repo: 'https://charts.jetstack.io' },
      namespace: 'cert-manager',
      // The program owns its namespaces; Helm never creates one that would outlive `pulumi destroy`.
      createNamespace: false,
      values,
      skipAwait: false,
    });
  });

  it('pulls an OCI chart by reference, without repository options', () => {
    const args = chartReleaseArgs({
      releaseName: 'kserve-crd',
      source: { chart: 'oci://ghcr.io/kserve/charts/kserve-crd', version: 'v0.20.0' },
      namespace: 'kserve',
      ownsNamespace: false,
      values: {},
    });
    expect(args.chart).toBe('oci://ghcr.io/kserve/charts/kserve-crd');
    expect(args.repositoryOpts).toBeUndefined();
  });
});
