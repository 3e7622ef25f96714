import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireMasterAuthorizedNetworksInOps as policy } from './require-master-authorized-networks-in-ops';

describe('require-master-authorized-networks-in-ops', () => {
  it('passes an ops cluster with authorized networks', async () => {
    expect(await validateResource(policy, fixtures.cluster('ops'))).toEqual([]);
  });

  it('flags an ops cluster open to any network', async () => {
    expect(
      await validateResource(policy, withChange(fixtures.cluster('ops'), 'masterAuthorizedNetworksConfig', undefined)),
    ).toEqual([expect.stringMatching(/Cluster "cluster" lets any network reach its control plane in an ops stack/)]);
  });

  it('flags an ops cluster that authorises 0.0.0.0/0', async () => {
    const open = withChange(fixtures.cluster('ops'), 'masterAuthorizedNetworksConfig.cidrBlocks', [
      { cidrBlock: '0.0.0.0/0' },
    ]);
    expect(await validateResource(policy, open)).toEqual([expect.stringMatching(/authorises 0.0.0.0\/0/)]);
  });

  it('does not ask dev clusters for authorized networks', async () => {
    expect(
      await validateResource(policy, withChange(fixtures.cluster('dev'), 'masterAuthorizedNetworksConfig', undefined)),
    ).toEqual([]);
  });
});
