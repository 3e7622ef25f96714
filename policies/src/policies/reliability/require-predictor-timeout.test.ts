import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requirePredictorTimeout as policy } from './require-predictor-timeout';

describe('require-predictor-timeout', () => {
  it('passes a predictor whose timeout covers a cold start', async () => {
    expect(await validateResource(policy, fixtures.inferenceService())).toEqual([]);
  });

  it('flags a predictor without a timeout', async () => {
    expect(
      await validateResource(policy, withChange(fixtures.inferenceService(), 'spec.predictor.timeout', undefined)),
    ).toEqual([
      expect.stringMatching(
        /InferenceService "category-classifier" predictor has no request timeout.*spec.predictor.timeout to at least 300/,
      ),
    ]);
  });

  it('flags a timeout shorter than the configured cold start', async () => {
    expect(await validateResource(policy, fixtures.inferenceService(), { minTimeoutSeconds: 900 })).toEqual([
      expect.stringMatching(/times requests out after 600s/),
    ]);
  });
});
