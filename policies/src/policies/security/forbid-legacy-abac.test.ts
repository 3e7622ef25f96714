import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { forbidLegacyAbac as policy } from './forbid-legacy-abac';

describe('forbid-legacy-abac', () => {
  it('passes a cluster on RBAC only', async () => {
    expect(await validateResource(policy, fixtures.cluster())).toEqual([]);
  });

  it('flags a cluster with legacy ABAC', async () => {
    expect(await validateResource(policy, withChange(fixtures.cluster(), 'enableLegacyAbac', true))).toEqual([
      expect.stringMatching(/Cluster "cluster" enables legacy ABAC.*Fix: remove enableLegacyAbac/),
    ]);
  });
});
