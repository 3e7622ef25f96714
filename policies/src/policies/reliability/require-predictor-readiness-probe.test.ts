import { fixtures, withChange } from '../../../test/fixtures';
import { validateStack } from '../../../test/harness';
import { requirePredictorReadinessProbe as policy } from './require-predictor-readiness-probe';

describe('require-predictor-readiness-probe', () => {
  const withoutProbe = () => withChange(fixtures.inferenceService(), 'spec.predictor.model.readinessProbe', undefined);

  it('passes a predictor with its own readiness probe', async () => {
    expect(await validateStack(policy, [fixtures.inferenceService()])).toEqual([]);
  });

  it("passes a predictor whose serving runtime's container has the probe", async () => {
    expect(await validateStack(policy, [withoutProbe(), fixtures.servingRuntime()])).toEqual([]);
  });

  it('flags a predictor with no probe anywhere, naming the fix', async () => {
    expect(await validateStack(policy, [withoutProbe()])).toEqual([
      expect.stringMatching(/InferenceService "category-classifier" predictor has no readiness probe.*readinessProbe/),
    ]);
  });

  it('flags a predictor whose runtime has no probe either', async () => {
    const runtime = withChange(fixtures.servingRuntime(), 'spec.containers.0.readinessProbe', undefined);
    expect(await validateStack(policy, [withoutProbe(), runtime])).toHaveLength(1);
  });
});
