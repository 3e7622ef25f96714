import { clusterServingRuntime } from './serving-runtime';
import { appValuesFixture } from './testing/app-values-fixture';

describe('cluster serving runtime', () => {
  const values = appValuesFixture();
  const spec = clusterServingRuntime(values).spec as { containers: { image: string; args: string[] }[] };
  const [container] = spec.containers;

  it('runs the CUDA build of the model server, since predictors land on the GPU pool', () => {
    expect(container?.image).toBe(values.images.modelServerCuda);
    expect(container?.image).not.toBe(values.images.modelServer);
  });

  it('starts the predictor role on the CUDA execution provider from the storage initializer directory', () => {
    expect(container?.args).toEqual([
      'serve',
      '--role',
      'predictor',
      '--model-dir',
      '/mnt/models',
      '--execution-provider',
      'cuda',
    ]);
  });
});
