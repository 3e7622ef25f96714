import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { restrictGpuRequestsToPredictors as policy } from './restrict-gpu-requests-to-predictors';

describe('restrict-gpu-requests-to-predictors', () => {
  it('passes an InferenceService whose predictor alone requests a GPU', async () => {
    expect(await validateResource(policy, fixtures.inferenceService())).toEqual([]);
  });

  it('flags a transformer that requests a GPU', async () => {
    const gpuTransformer = withChange(fixtures.inferenceService(), 'spec.transformer.containers', [
      { name: 'kserve-container', resources: { limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } } },
    ]);
    expect(await validateResource(policy, gpuTransformer)).toEqual([
      expect.stringMatching(
        /InferenceService "category-classifier" transformer container "kserve-container" requests nvidia.com\/gpu/,
      ),
    ]);
  });

  it('flags a Deployment that requests a GPU', async () => {
    const worker = withChange(fixtures.worker(), 'spec.template.spec.containers.0.resources.requests', {
      'nvidia.com/gpu': '1',
    });
    expect(await validateResource(policy, worker)).toEqual([
      expect.stringMatching(/Deployment "worker" container "worker"/),
    ]);
  });
});
