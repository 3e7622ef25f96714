import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requirePrivateNodes as policy } from './require-private-nodes';

describe('require-private-nodes', () => {
  it('passes a cluster with private nodes', async () => {
    expect(await validateResource(policy, fixtures.cluster())).toEqual([]);
    expect(await validateResource(policy, fixtures.gpuPool())).toEqual([]);
  });

  it('flags a cluster whose nodes get public addresses', async () => {
    expect(await validateResource(policy, withChange(fixtures.cluster(), 'privateClusterConfig', undefined))).toEqual([
      expect.stringMatching(/Cluster "cluster" gives its nodes public IP addresses.*enablePrivateNodes: true/),
    ]);
  });

  it('flags a node pool that opts out of private nodes', async () => {
    const pool = withChange(fixtures.gpuPool(), 'networkConfig', { enablePrivateNodes: false });
    expect(await validateResource(policy, pool)).toHaveLength(1);
  });
});
