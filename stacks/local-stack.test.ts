import { runStackWithMocks, type StackRun } from './testing';

/** The `local` stack (an existing cluster with its add-ons) under Pulumi's mocks; the engine tests run it for real. */
describe('the local stack', () => {
  let run: StackRun;
  beforeAll(async () => {
    run = await runStackWithMocks('local', { secrets: { kubeconfig: 'apiVersion: v1\nkind: Config\n' } });
  });
  const custom = () => run.resources.filter((resource) => resource.custom);

  it('creates no GCP resource and installs no add-on chart', () => {
    expect(custom().filter((resource) => resource.type.startsWith('gcp:'))).toEqual([]);
    expect(run.recorder.ofType('kubernetes:helm.sh/v3:Release')).toEqual([]);
  });

  it('creates every Kubernetes object through the provider built from the stack kubeconfig, kept secret', () => {
    const [provider, ...others] = run.recorder.ofType('pulumi:providers:kubernetes');
    expect(others).toEqual([]);
    expect(provider?.name).toBe('category-match-local-access-provider');
    expect(provider?.secretInputs).toContain('kubeconfig');
    const objects = custom().filter((resource) => resource.type.startsWith('kubernetes:'));
    expect(objects.length).toBeGreaterThan(20);
    for (const object of objects) expect(object.provider).toMatch(/::category-match-local-access-provider::/);
  });

  it('creates the platform own objects: the Kafka cluster, its topics and users, and STRICT mTLS', () => {
    for (const type of [
      'kubernetes:kafka.strimzi.io/v1:Kafka',
      'kubernetes:kafka.strimzi.io/v1:KafkaNodePool',
      'kubernetes:kafka.strimzi.io/v1:KafkaTopic',
      'kubernetes:kafka.strimzi.io/v1:KafkaUser',
      'kubernetes:cert-manager.io/v1:Certificate',
      'kubernetes:security.istio.io/v1:PeerAuthentication',
    ]) {
      expect(run.recorder.ofType(type).length).toBeGreaterThan(0);
    }
  });

  it('runs the predictor on CPU with the CPU image: no GPU request, toleration or accelerator selector', () => {
    const [service] = run.recorder.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService');
    const predictor = (service?.inputs['spec'] as { predictor: Record<string, unknown> }).predictor;
    expect(predictor['tolerations']).toBeUndefined();
    expect(predictor['nodeSelector']).toBeUndefined();
    expect(JSON.stringify(predictor['model'])).not.toContain('nvidia.com/gpu');
    const [runtime] = run.recorder.ofType('kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime');
    const [container] = (runtime?.inputs['spec'] as { containers: { image: string; args: string[] }[] }).containers;
    expect(container?.image).toBe('localhost:5001/model-server:0.1.0');
    expect(container?.args).not.toContain('cuda');
  });

  it('reads models from the configured store and exports no GKE cluster', () => {
    expect(run.outputs).toMatchObject({ modelStoreUri: 'pvc://model-store', registryUrl: 'localhost:5001' });
    expect(Object.keys(run.outputs)).not.toContain('clusterName');
    const [service] = run.recorder.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService');
    expect(JSON.stringify(service?.inputs)).toContain('"storageUri":"pvc://model-store/category-classifier/v1"');
  });
});
