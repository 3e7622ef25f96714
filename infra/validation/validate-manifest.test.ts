import { validateManifest } from './validate-manifest';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'worker', namespace: 'category-match', labels: { app: 'worker' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'worker' } },
    template: {
      metadata: { labels: { app: 'worker' } },
      spec: { containers: [{ name: 'worker', image: 'registry.example/worker:1.0.0' }] },
    },
  },
};

const inferenceService = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'category-classifier', namespace: 'category-match' },
  spec: {
    predictor: {
      minReplicas: 0,
      model: { modelFormat: { name: 'onnx' }, runtime: 'category-match', storageUri: 'pvc://models/v1' },
    },
  },
};

const kafkaTopic = {
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'KafkaTopic',
  metadata: { name: 'category-match-in', namespace: 'kafka', labels: { 'strimzi.io/cluster': 'events' } },
  spec: { partitions: 6, replicas: 3, config: { 'min.insync.replicas': 2 } },
};

describe('validateManifest', () => {
  it('accepts a valid core Deployment', () => {
    expect(validateManifest(deployment)).toEqual([]);
  });

  it('names the path of a core field with the wrong type', () => {
    const wrong = { ...deployment, spec: { ...deployment.spec, replicas: 'three' } };
    expect(validateManifest(wrong)).toEqual(['Deployment/worker /spec/replicas: must be integer']);
  });

  it('accepts a valid KServe InferenceService and Strimzi KafkaTopic', () => {
    expect(validateManifest(inferenceService)).toEqual([]);
    expect(validateManifest(kafkaTopic)).toEqual([]);
  });

  it('catches a misspelt field in a custom resource', () => {
    const misspelt = {
      ...inferenceService,
      spec: { predictor: { ...inferenceService.spec.predictor, minReplica: 1 } },
    };
    expect(validateManifest(misspelt)).toEqual([
      'InferenceService/category-classifier /spec/predictor: unknown field "minReplica"',
    ]);
  });

  it('catches a misspelt field in a core kind, at any depth', () => {
    const container = { name: 'worker', image: 'registry.example/worker:1.0.0', imagePullPolicyy: 'Always' };
    const misspelt = {
      ...deployment,
      spec: {
        ...deployment.spec,
        replica: 2,
        template: { ...deployment.spec.template, spec: { containers: [container] } },
      },
    };
    expect(validateManifest(misspelt)).toEqual([
      'Deployment/worker /spec/template/spec/containers/0: unknown field "imagePullPolicyy"',
      'Deployment/worker /spec: unknown field "replica"',
    ]);
  });

  it('accepts any key in a map field, such as ConfigMap data', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { 'config/path': 'a', sasl: 'scram_sha512' },
    };
    expect(validateManifest(configMap)).toEqual([]);
  });

  it('catches a misspelt metadata field on any kind', () => {
    const misspelt = { ...deployment, metadata: { name: 'worker', label: { app: 'worker' } } };
    expect(validateManifest(misspelt)).toEqual(['Deployment/worker /metadata: unknown field(s) label']);
  });

  it('rejects a name the API server would refuse', () => {
    const badName = { ...kafkaTopic, metadata: { ...kafkaTopic.metadata, name: 'Category_Match' } };
    expect(validateManifest(badName)).toEqual([
      'KafkaTopic/Category_Match /metadata/name: must be a lowercase RFC 1123 subdomain',
    ]);
  });

  it('rejects an API version the CRD no longer serves', () => {
    const old = { ...kafkaTopic, apiVersion: 'kafka.strimzi.io/v1beta2' };
    expect(validateManifest(old)).toEqual([
      'KafkaTopic/category-match-in /apiVersion: kafka.strimzi.io/v1beta2 is not served for KafkaTopic; served: v1',
    ]);
  });

  it('lists the allowed values for a wrong enum in an Istio AuthorizationPolicy', () => {
    const policy = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'model-api', namespace: 'category-match' },
      spec: { action: 'PERMIT' },
    };
    expect(validateManifest(policy)).toEqual([
      'AuthorizationPolicy/model-api /spec/action: must be one of "ALLOW", "DENY", "AUDIT", "CUSTOM"',
    ]);
  });

  it('reports missing required fields of a KEDA ScaledObject', () => {
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'worker', namespace: 'category-match' },
      spec: {},
    };
    expect(validateManifest(scaledObject)).toEqual([
      "ScaledObject/worker /spec: must have required property 'scaleTargetRef'",
      "ScaledObject/worker /spec: must have required property 'triggers'",
    ]);
  });

  it('lets the CRD decide for a kind it declares, so a Knative container needs no name', () => {
    const service = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { template: { spec: { containers: [{ image: 'registry.example/hello:1' }] } } },
    };
    expect(validateManifest(service)).toEqual([]);
  });

  it('checks a custom kind without a CRD in the reference data with its kubernetes-models schema', () => {
    const route = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { traffic: [{ percent: 'all' }] },
    };
    expect(validateManifest(route)).toEqual(['Route/hello /spec/traffic/0/percent: must be integer']);
  });

  it('says so when no schema is known for a kind', () => {
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(validateManifest(unknown)).toEqual(['Widget/w /: no schema known for example.com/v1 Widget']);
  });

  it('answers input that is not an object with a clear error, not a crash', () => {
    expect(validateManifest('kind: Deployment')).toEqual([
      'manifest: expected an object with apiVersion, kind and metadata',
    ]);
    expect(validateManifest({ kind: 'Deployment', metadata: { name: 'x' } })).toEqual([
      'Deployment/x: apiVersion and kind must be strings',
    ]);
  });
});
