import { setMocks } from '../../testing';
import { Cluster, masterAuthorizedNetworksConfig, workloadPool } from './cluster';

describe('cluster decisions', () => {
  it('the Workload Identity pool is named after the project', () => {
    expect(workloadPool('my-project')).toBe('my-project.svc.id.goog');
  });

  it('without authorized networks the control plane is not restricted', () => {
    expect(masterAuthorizedNetworksConfig([])).toBeUndefined();
  });

  it('authorized networks restrict the control plane to their ranges', () => {
    expect(masterAuthorizedNetworksConfig([{ displayName: 'office', cidrBlock: '203.0.113.0/24' }])).toEqual({
      cidrBlocks: [{ displayName: 'office', cidrBlock: '203.0.113.0/24' }],
    });
  });
});

describe('Cluster', () => {
  it('rejects a cluster name longer than GKE allows, naming it', () => {
    setMocks({ stack: 'dev' });
    expect(
      () =>
        new Cluster('cluster', {
          project: 'my-project',
          region: 'europe-west4',
          clusterName: 'c'.repeat(41),
          networkId: 'vpc',
          subnetId: 'subnet',
          masterCidr: '172.16.0.0/28',
          releaseChannel: 'REGULAR',
          deletionProtection: false,
          masterAuthorizedNetworks: [],
          labels: {},
        }),
    ).toThrow(/Cluster name "c{41}" is longer than GKE's 40 characters/);
  });
});
