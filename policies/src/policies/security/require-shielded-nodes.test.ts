import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireShieldedNodes as policy } from './require-shielded-nodes';

describe('require-shielded-nodes', () => {
  it('passes a cluster with shielded nodes and pools that keep secure boot', async () => {
    expect(await validateResource(policy, fixtures.cluster())).toEqual([]);
    expect(await validateResource(policy, fixtures.gpuPool())).toEqual([]);
  });

  it('flags a cluster without Shielded GKE Nodes', async () => {
    expect(await validateResource(policy, withChange(fixtures.cluster(), 'enableShieldedNodes', false))).toEqual([
      expect.stringMatching(/Cluster "cluster" does not enable Shielded GKE Nodes.*enableShieldedNodes: true/),
    ]);
  });

  it('flags a node pool that turns off integrity monitoring', async () => {
    const pool = withChange(fixtures.gpuPool(), 'nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring', false);
    expect(await validateResource(policy, pool)).toEqual([
      expect.stringMatching(/Node pool "gpu" turns off enableIntegrityMonitoring/),
    ]);
  });
});
