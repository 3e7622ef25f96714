import type { FakeResource } from './harness';

/**
 * One compliant resource per type the pack inspects. A test takes a fixture, changes one field
 * with {@link withChange}, and expects exactly one violation.
 */

export const labels = { env: 'dev', app: 'category-match', 'cost-center': 'ml-platform' };
const appNamespace = 'category-match';
const workerLabels = { 'app.kubernetes.io/name': 'category-match-worker' };

type Props = Record<string, unknown>;

function resource(type: string, name: string, props: Props, stack = 'dev'): FakeResource {
  return { type, name, props, stack };
}

/** A copy of `fixture` with the value at a dotted path replaced (or removed when `value` is undefined). */
export function withChange(fixture: FakeResource, path: string, value: unknown): FakeResource {
  const props = structuredClone(fixture.props);
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) throw new Error('withChange needs a path');
  let target: Props = props;
  for (const key of keys) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) throw new Error(`withChange: ${path} does not exist in the fixture`);
    target = next as Props;
  }
  if (value === undefined) Reflect.deleteProperty(target, last);
  else target[last] = value;
  return { ...fixture, props };
}

/** The same resource in another stack. */
export function inStack(fixture: FakeResource, stack: string): FakeResource {
  return { ...fixture, stack };
}

export const fixtures = {
  cluster: (stack = 'ops') =>
    resource(
      'gcp:container/cluster:Cluster',
      'cluster',
      {
        location: 'europe-west4',
        workloadIdentityConfig: { workloadPool: 'acme-ml.svc.id.goog' },
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: '172.16.0.0/28' },
        enableShieldedNodes: true,
        masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '10.0.0.0/8', displayName: 'admin' }] },
        deletionProtection: true,
        resourceLabels: labels,
        nodeConfig: { diskSizeGb: 50 },
      },
      stack,
    ),
  gpuPool: (stack = 'dev') =>
    resource(
      'gcp:container/nodePool:NodePool',
      'gpu',
      {
        cluster: 'cluster',
        autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 2 },
        nodeConfig: {
          machineType: 'n1-standard-8',
          guestAccelerators: [{ type: 'nvidia-tesla-t4', count: 1 }],
          taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }],
          spot: true,
          diskSizeGb: 100,
          resourceLabels: labels,
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
        },
      },
      stack,
    ),
  systemPool: (stack = 'dev') =>
    resource(
      'gcp:container/nodePool:NodePool',
      'system',
      {
        cluster: 'cluster',
        autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
        nodeConfig: { machineType: 'e2-standard-4', diskSizeGb: 50, resourceLabels: labels },
      },
      stack,
    ),
  disk: () => resource('gcp:compute/disk:Disk', 'model-store', { size: 10, type: 'pd-balanced', labels }),
  bucket: () => resource('gcp:storage/bucket:Bucket', 'models', { location: 'EU', labels }),
  network: () => resource('gcp:compute/network:Network', 'vpc', { autoCreateSubnetworks: false }),
  inferenceService: (stack = 'dev') =>
    resource(
      'kubernetes:serving.kserve.io/v1beta1:InferenceService',
      'category-classifier',
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'category-classifier', namespace: appNamespace },
        spec: {
          predictor: {
            minReplicas: 0,
            maxReplicas: 2,
            timeout: 600,
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            model: {
              modelFormat: { name: 'onnx' },
              runtime: 'category-match-onnx',
              storageUri: 'pvc://model-store/category-classifier/v1',
              resources: {
                requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '1' },
                limits: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' },
              },
              readinessProbe: { httpGet: { path: '/v2/health/ready', port: 8080 } },
            },
          },
          transformer: {
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            containers: [
              {
                name: 'kserve-container',
                image: 'europe-docker.pkg.dev/acme/category-match/model-server:1.0.0',
                resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              },
            ],
          },
        },
      },
      stack,
    ),
  servingRuntime: () =>
    resource('kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime', 'onnx-runtime', {
      metadata: { name: 'category-match-onnx' },
      spec: {
        containers: [
          {
            name: 'kserve-container',
            image: 'europe-docker.pkg.dev/acme/category-match/model-server:1.0.0',
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
            readinessProbe: { httpGet: { path: '/v2/health/ready', port: 8080 } },
          },
        ],
      },
    }),
  kafka: () =>
    resource('kubernetes:kafka.strimzi.io/v1:Kafka', 'kafka', {
      metadata: { name: 'category-match', namespace: 'kafka' },
      spec: {
        kafka: {
          listeners: [
            { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } },
            { name: 'mtls', port: 9094, type: 'internal', tls: true, authentication: { type: 'tls' } },
          ],
        },
      },
    }),
  inputTopic: (stack = 'ops') =>
    resource(
      'kubernetes:kafka.strimzi.io/v1:KafkaTopic',
      'topic-in',
      {
        metadata: { name: 'category-match-in', namespace: 'kafka' },
        spec: { topicName: 'category-match-in', partitions: 4, replicas: 3 },
      },
      stack,
    ),
  worker: (stack = 'ops') =>
    resource(
      'kubernetes:apps/v1:Deployment',
      'worker',
      {
        metadata: { name: 'category-match-worker', namespace: appNamespace },
        spec: {
          replicas: 1,
          selector: { matchLabels: workerLabels },
          template: {
            metadata: { labels: workerLabels },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 1000 },
              containers: [
                {
                  name: 'worker',
                  image: 'europe-docker.pkg.dev/acme/category-match/worker:1.0.0',
                  env: [
                    { name: 'KAFKA_INPUT_TOPIC', value: 'category-match-in' },
                    { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: 'worker', key: 'password' } } },
                  ],
                  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
                },
              ],
            },
          },
        },
      },
      stack,
    ),
  scaledObject: (stack = 'ops') =>
    resource(
      'kubernetes:keda.sh/v1alpha1:ScaledObject',
      'worker-scaler',
      {
        metadata: { name: 'category-match-worker', namespace: appNamespace },
        spec: {
          scaleTargetRef: { name: 'category-match-worker' },
          minReplicaCount: 1,
          maxReplicaCount: 4,
          triggers: [
            { type: 'kafka', metadata: { topic: 'category-match-in', consumerGroup: 'category-match-worker' } },
          ],
        },
      },
      stack,
    ),
  workerBudget: (stack = 'ops') =>
    resource(
      'kubernetes:policy/v1:PodDisruptionBudget',
      'worker-pdb',
      {
        metadata: { name: 'category-match-worker', namespace: appNamespace },
        spec: { maxUnavailable: 1, selector: { matchLabels: workerLabels } },
      },
      stack,
    ),
  knativeNamespace: () =>
    resource('kubernetes:core/v1:Namespace', 'knative-serving-ns', {
      metadata: { name: 'knative-serving', labels: { 'istio-injection': 'enabled' } },
    }),
  peerAuthentication: (namespace = appNamespace) =>
    resource('kubernetes:security.istio.io/v1:PeerAuthentication', `mtls-${namespace}`, {
      metadata: { name: 'default', namespace },
      spec: { mtls: { mode: 'STRICT' } },
    }),
  release: () =>
    resource('kubernetes:helm.sh/v3:Release', 'keda', {
      chart: 'keda',
      version: '2.20.2',
      repositoryOpts: { repo: 'https://kedacore.github.io/charts' },
      values: { resources: { operator: { limits: { cpu: '1' } } } },
    }),
  configMap: () => resource('kubernetes:core/v1:ConfigMap', 'worker-config', { data: { LOG_LEVEL: 'info' } }),
  argoApplication: () =>
    resource('kubernetes:argoproj.io/v1alpha1:Application', 'app', {
      spec: { source: { repoURL: 'https://github.com/acme/category-match.git', path: 'stacks/ops/manifests' } },
    }),
} as const;
