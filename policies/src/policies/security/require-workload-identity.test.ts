import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireWorkloadIdentity as policy } from './require-workload-identity';

describe('require-workload-identity', () => {
  it('passes a cluster with a workload pool and pools on the GKE metadata server', async () => {
    expect(await validateResource(policy, fixtures.cluster())).toEqual([]);
    expect(await validateResource(policy, fixtures.gpuPool())).toEqual([]);
  });

  it('flags a cluster without Workload Identity, naming the field to set', async () => {
    expect(await validateResource(policy, withChange(fixtures.cluster(), 'workloadIdentityConfig', undefined))).toEqual(
      [expect.stringMatching(/Cluster "cluster" has no Workload Identity pool.*workloadIdentityConfig.workloadPool/)],
    );
  });

  it('flags a node pool that exposes the node metadata server', async () => {
    const pool = withChange(fixtures.gpuPool(), 'nodeConfig.workloadMetadataConfig.mode', 'GCE_METADATA');
    expect(await validateResource(policy, pool)).toEqual([
      expect.stringMatching(/Node pool "gpu" sets workloadMetadataConfig.mode GCE_METADATA/),
    ]);
  });
});
