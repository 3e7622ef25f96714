import { gpuTaint } from '../gpu';
import { inferenceService } from './inference-service';
import { clusterServingRuntime } from './serving-runtime';
import { appValuesFixture } from './testing/app-values-fixture';

type Spec = Record<string, Record<string, unknown>>;

function specOf(object: { readonly [field: string]: unknown }): Spec {
  return object.spec as Spec;
}

describe('inference service', () => {
  const values = appValuesFixture();
  const spec = specOf(inferenceService(values));

  it('predictor serves the model version from the store with our onnx runtime', () => {
    expect(spec.predictor?.model).toMatchObject({
      modelFormat: { name: 'onnx' },
      runtime: 'category-match-onnx',
      storageUri: 'pvc://model-store/category-classifier/v1',
    });
  });

  it('predictor asks for one GPU, tolerates the GPU taint and selects the GPU pool', () => {
    expect(spec.predictor?.model).toMatchObject({ resources: { limits: { 'nvidia.com/gpu': '1' } } });
    // Tolerated means: the GPU pool's own taint, matched on key, value and effect.
    const tolerations = spec.predictor?.tolerations as {
      key: string;
      operator: string;
      value: string;
      effect: string;
    }[];
    expect(
      tolerations.some(
        (toleration) =>
          toleration.key === gpuTaint.key &&
          toleration.operator === 'Equal' &&
          toleration.value === gpuTaint.value &&
          toleration.effect === gpuTaint.effect,
      ),
    ).toBe(true);
    expect(spec.predictor?.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
  });

  // KServe 0.20's defaulting webhook fills these when they are missing; declared, the stored object equals the declaration.
  it('declares what KServe would otherwise add or rewrite: the deployment mode, the model format annotation', () => {
    const { metadata } = inferenceService(values) as { metadata: { annotations: Record<string, string> } };
    expect(metadata.annotations['serving.kserve.io/deploymentMode']).toBe('Knative');
    expect(metadata.annotations.modelFormat).toBe(
      (spec.predictor?.model as { modelFormat: { name: string } }).modelFormat.name,
    );
  });

  it('declares every resource of the transformer that KServe would otherwise default, its CPU limit included', () => {
    const [container] = spec.transformer?.containers as { resources: Record<string, Record<string, string>> }[];
    for (const kind of ['requests', 'limits']) {
      expect(Object.keys(container?.resources[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
  });

  it('transformer runs our image in the transformer role on CPU only', () => {
    const containers = spec.transformer?.containers as { args: string[]; image: string; resources: object }[];
    expect(containers).toHaveLength(1);
    expect(containers[0]?.image).toBe(values.images.modelServer);
    expect(containers[0]?.args.slice(0, 3)).toEqual(['serve', '--role', 'transformer']);
    expect(JSON.stringify(spec.transformer)).not.toContain('nvidia.com/gpu');
    expect(spec.transformer?.tolerations).toBeUndefined();
  });

  it('scales to zero when minReplicas is 0 and keeps one GPU warm when it is 1', () => {
    expect(spec.predictor?.minReplicas).toBe(0);
    const warm = specOf(inferenceService(appValuesFixture({ modelApi: { ...values.modelApi, minReplicas: 1 } })));
    expect(warm.predictor?.minReplicas).toBe(1);
  });

  it('takes scale metric, target, concurrency, timeout and canary share from the values', () => {
    const canary = specOf(
      inferenceService(
        appValuesFixture({ modelApi: { ...values.modelApi, scaleMetric: 'rps', canaryTrafficPercent: 10 } }),
      ),
    );
    expect(canary.predictor).toMatchObject({
      scaleMetric: 'rps',
      scaleTarget: 8,
      containerConcurrency: 16,
      timeout: 900,
      canaryTrafficPercent: 10,
    });
  });
});

describe('cluster serving runtime', () => {
  const values = appValuesFixture();
  const runtime = clusterServingRuntime(values);
  const spec = specOf(runtime) as unknown as {
    supportedModelFormats: unknown[];
    protocolVersions: string[];
    containers: {
      name: string;
      image: string;
      args: string[];
      ports: { containerPort: number }[];
      resources: object;
    }[];
  };

  it('runs the CUDA build of the model server, since predictors land on the GPU pool', () => {
    expect(spec.containers[0]?.image).toBe(values.images.modelServerCuda);
    expect(values.images.modelServerCuda).not.toBe(values.images.modelServer);
  });

  it('serves the onnx format, chosen automatically, over v2 and v1', () => {
    expect(spec.supportedModelFormats).toEqual([{ name: 'onnx', version: '1', autoSelect: true }]);
    expect(spec.protocolVersions).toEqual(['v2', 'v1']);
  });

  it('runs the model server as predictor on port 8080 with CUDA, without asking for a GPU itself', () => {
    const [container] = spec.containers;
    expect(container?.name).toBe('kserve-container');
    expect(container?.args).toEqual([
      'serve',
      '--role',
      'predictor',
      '--model-dir',
      '/mnt/models',
      '--execution-provider',
      'cuda',
    ]);
    expect(container?.ports).toEqual([expect.objectContaining({ containerPort: 8080 })]);
    expect(JSON.stringify(container?.resources)).not.toContain('nvidia.com/gpu');
  });
});
