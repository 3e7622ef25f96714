import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireDeletionProtectionInOps as policy } from './require-deletion-protection-in-ops';

describe('require-deletion-protection-in-ops', () => {
  it('passes a protected ops cluster', async () => {
    expect(await validateResource(policy, fixtures.cluster('ops'))).toEqual([]);
  });

  it('flags an ops cluster without deletion protection', async () => {
    expect(await validateResource(policy, withChange(fixtures.cluster('ops'), 'deletionProtection', false))).toEqual([
      expect.stringMatching(
        /Cluster "cluster" turns off deletion protection in an ops stack.*deletionProtection: true/,
      ),
    ]);
  });

  it('lets dev clusters be destroyed', async () => {
    expect(
      await validateResource(policy, withChange(inStack(fixtures.cluster(), 'dev'), 'deletionProtection', false)),
    ).toEqual([]);
  });
});
