import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireCostLabels as policy } from './require-cost-labels';

describe('require-cost-labels', () => {
  it('passes labelled GCP resources', async () => {
    for (const resource of [fixtures.cluster(), fixtures.gpuPool(), fixtures.disk(), fixtures.bucket()]) {
      expect(await validateResource(policy, resource)).toEqual([]);
    }
  });

  it('does not ask for labels on types that take none', async () => {
    expect(await validateResource(policy, fixtures.network())).toEqual([]);
  });

  it('flags a bucket missing cost-center, naming the label and where to put it', async () => {
    const violations = await validateResource(policy, withChange(fixtures.bucket(), 'labels.cost-center', undefined));
    expect(violations).toEqual([
      expect.stringMatching(/Bucket "models" is missing the label\(s\) cost-center.*Fix: add them to labels/),
    ]);
  });

  it("reads a node pool's labels from nodeConfig.resourceLabels", async () => {
    expect(await validateResource(policy, withChange(fixtures.gpuPool(), 'nodeConfig.resourceLabels', {}))).toEqual([
      expect.stringMatching(/env, app, cost-center.*nodeConfig.resourceLabels/),
    ]);
  });

  it("counts the provider's defaultLabels", async () => {
    const unlabelled = {
      ...withChange(fixtures.disk(), 'labels', {}),
      providerProps: { defaultLabels: { env: 'dev', app: 'x', 'cost-center': 'y' } },
    };
    expect(await validateResource(policy, unlabelled)).toEqual([]);
  });
});
