import { appObjects } from '../infra/app/app-objects';
import type { KubernetesObject } from '../infra/app/app-values';
import { validateManifest } from '../infra/validation';
import { appValuesFor } from './app-values';
import { readStackFiles } from './render';
import { loadRelease } from './release';

function stackObjects(stack: 'dev' | 'ops') {
  const { project, config } = readStackFiles(stack);
  const values = appValuesFor(config, loadRelease(stack), { project, stack });
  return { config, values, objects: appObjects(values) };
}

/** Paths of every `nvidia.com/gpu` resource quantity (requests or limits) in an object. */
function gpuRequestPaths(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'nvidia.com/gpu' && /\/(requests|limits)$/.test(at) ? [at] : gpuRequestPaths(child, `${at}/${key}`),
  );
}

function find(objects: readonly KubernetesObject[], kind: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} among the app objects`);
  return found;
}

function field(object: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined,
    object,
  );
}

describe.each(['dev', 'ops'] as const)('%s stack application objects', (stack) => {
  const { config, objects } = stackObjects(stack);

  it('every object validates against its upstream schema', () => {
    expect(objects.flatMap((object) => validateManifest(object))).toEqual([]);
  });

  it('only the predictor requests GPUs, and it tolerates the GPU taint', () => {
    const requests = objects.flatMap((object) => gpuRequestPaths(object).map((at) => `${object.kind}${at}`));
    expect(requests).toEqual([
      'InferenceService/spec/predictor/model/resources/requests',
      'InferenceService/spec/predictor/model/resources/limits',
    ]);
    expect(field(find(objects, 'InferenceService'), 'spec', 'predictor', 'tolerations')).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
  });

  it('the input topic has at least as many partitions as workers can scale to', () => {
    const maxWorkers = field(find(objects, 'ScaledObject'), 'spec', 'maxReplicaCount');
    expect(typeof maxWorkers).toBe('number');
    expect(config.kafkaPartitions).toBeGreaterThanOrEqual(Number(maxWorkers));
  });
});

describe('model API scaling per stack', () => {
  it('dev scales the GPU predictor to zero', () => {
    const { objects } = stackObjects('dev');
    expect(field(find(objects, 'InferenceService'), 'spec', 'predictor', 'minReplicas')).toBe(0);
  });

  it('ops keeps at least one GPU predictor warm', () => {
    const { objects } = stackObjects('ops');
    expect(field(find(objects, 'InferenceService'), 'spec', 'predictor', 'minReplicas')).toBeGreaterThanOrEqual(1);
  });
});

describe('appValuesFor', () => {
  it('refuses a release whose worker maximum exceeds the partitions, naming the file and the key', () => {
    const { project, config } = readStackFiles('dev');
    const release = loadRelease('dev');
    const tooMany = { ...release, worker: { ...release.worker, maxReplicas: config.kafkaPartitions + 1 } };
    expect(() => appValuesFor(config, tooMany, { project, stack: 'dev' })).toThrow(
      /stacks\/dev\/release.yaml worker.maxReplicas .* exceeds category-match:kafkaPartitions/,
    );
  });

  it('refuses, on a GKE stack, an image tag the images workflow cannot have pushed, naming the command that fixes it', () => {
    const { project, config } = readStackFiles('dev');
    const release = loadRelease('dev');
    const handMade = { ...release, images: { ...release.images, worker: '0.1.0' } };
    expect(() => appValuesFor(config, handMade, { project, stack: 'dev' })).toThrow(
      'stacks/dev/release.yaml images.worker: "0.1.0" is not a tag the images workflow pushes (the 40-character SHA of the commit it built); once it has run for a commit: npm run release-images -- --tag <sha> --stacks dev',
    );
  });

  it('lets an existing cluster name images built by hand', () => {
    const { project, config } = readStackFiles('local');
    const values = appValuesFor(config, loadRelease('local'), { project, stack: 'local' });
    expect(values.images.worker).toBe('localhost:5001/worker:0.1.0');
  });

  it('derives the storage URI, images and Kafka bootstrap from config and release', () => {
    const { values } = stackObjects('ops');
    expect(values.model.storageUri).toBe('gs://replace-with-your-project-id-ops-models/category-classifier/v1');
    const { images } = loadRelease('ops');
    expect(values.images.worker).toBe(
      `us-central1-docker.pkg.dev/replace-with-your-project-id/category-match-ops-images/worker:${images.worker}`,
    );
    expect(values.images.modelServerCuda).toMatch(/\/model-server:[0-9a-f]{40}-cuda$/);
    expect(values.kafka.bootstrap).toMatch(/^[a-z0-9-]+-kafka-bootstrap\.[a-z0-9-]+\.svc:9093$/);
  });
});
