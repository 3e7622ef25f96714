import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requirePredictorScaleToZeroInDev as policy } from './require-predictor-scale-to-zero-in-dev';

describe('require-predictor-scale-to-zero-in-dev', () => {
  it('passes a dev predictor that scales to zero', async () => {
    expect(await validateResource(policy, fixtures.inferenceService('dev'))).toEqual([]);
  });

  it('flags a dev predictor that keeps one replica', async () => {
    const warm = withChange(fixtures.inferenceService('dev'), 'spec.predictor.minReplicas', 1);
    expect(await validateResource(policy, warm)).toEqual([
      expect.stringMatching(
        /InferenceService "category-classifier" predictor keeps 1 replica.*spec.predictor.minReplicas: 0/,
      ),
    ]);
  });

  it("flags a dev predictor that leaves minReplicas to KServe's default of one", async () => {
    const unset = withChange(fixtures.inferenceService('dev'), 'spec.predictor.minReplicas', undefined);
    expect(await validateResource(policy, unset)).toEqual([expect.stringMatching(/KServe default/)]);
  });

  it('lets ops keep a predictor warm', async () => {
    expect(
      await validateResource(
        policy,
        withChange(inStack(fixtures.inferenceService(), 'ops'), 'spec.predictor.minReplicas', 1),
      ),
    ).toEqual([]);
  });

  it('reports an InferenceService it cannot read instead of crashing', async () => {
    const broken = withChange(fixtures.inferenceService('dev'), 'spec.predictor.minReplicas', 'zero');
    expect(await validateResource(policy, broken)).toEqual([
      expect.stringMatching(/cannot be checked: spec.predictor.minReplicas/),
    ]);
  });
});
