import { fixtures, withChange } from '../../../test/fixtures';
import { validateStack } from '../../../test/harness';
import { requireWorkerDisruptionBudgetInOps as policy } from './require-worker-disruption-budget-in-ops';

describe('require-worker-disruption-budget-in-ops', () => {
  it('passes an ops worker covered by a PodDisruptionBudget', async () => {
    expect(
      await validateStack(policy, [fixtures.worker('ops'), fixtures.scaledObject('ops'), fixtures.workerBudget('ops')]),
    ).toEqual([]);
  });

  it('flags an ops worker without a budget, naming the Deployment', async () => {
    expect(await validateStack(policy, [fixtures.worker('ops'), fixtures.scaledObject('ops')])).toEqual([
      expect.stringMatching(/Deployment "category-match-worker" has no PodDisruptionBudget in an ops stack/),
    ]);
  });

  it("flags a budget whose selector misses the worker's pods", async () => {
    const budget = withChange(fixtures.workerBudget('ops'), 'spec.selector.matchLabels', { app: 'other' });
    expect(await validateStack(policy, [fixtures.worker('ops'), budget])).toHaveLength(1);
  });

  it('does not ask dev for a budget', async () => {
    expect(await validateStack(policy, [fixtures.worker('dev'), fixtures.scaledObject('dev')])).toEqual([]);
  });
});
