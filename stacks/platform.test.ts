import { type RecordedResource } from '../infra/testing';
import { readStackConfig, runStackWithMocks, type StackRun } from './testing';
import { parseStackConfig } from './config';
import * as pulumi from '@pulumi/pulumi';
import { argocdRepository, kafkaExternalClients } from './platform';
import { chartOfRelease, helmReleaseProblems, platformResources } from '../infra/platform/platform-inventory';
import { referenceChartValues } from '../infra/platform/reference';
import { charts } from '../infra/platform/versions';
import { validateManifest } from '../infra/validation';

const releaseType = 'kubernetes:helm.sh/v3:Release';
/** Google Managed Prometheus kinds have no schema in the reference data. */
const withoutReferenceSchema = new Set(['kubernetes:monitoring.googleapis.com/v1:PodMonitoring']);

function isKubernetesObject(resource: RecordedResource): boolean {
  return resource.custom && resource.type.startsWith('kubernetes:') && resource.type !== releaseType;
}

function spec(resource: RecordedResource): Record<string, unknown> {
  return resource.inputs['spec'] as Record<string, unknown>;
}

describe.each(['dev', 'ops'] as const)('the platform of the %s stack', (stack) => {
  let run: StackRun;
  let platform: RecordedResource[];

  beforeAll(async () => {
    run = await runStackWithMocks(stack);
    platform = platformResources(run.resources);
  }, 120_000);

  it('installs every chart as a pinned Helm release whose values keys the chart knows', () => {
    const releases = platform.filter((resource) => resource.type === releaseType);
    expect(releases.flatMap((release) => helmReleaseProblems(release, referenceChartValues))).toEqual([]);
    const installed = releases.map(chartOfRelease).sort();
    const expected = Object.keys(charts).filter((chart) => stack === 'ops' || chart !== 'argocd');
    expect(installed).toEqual(expected.sort());
  });

  it('creates every Kubernetes object through the cluster provider, valid against its upstream schema', () => {
    const objects = platform.filter(isKubernetesObject);
    expect(objects.length).toBeGreaterThan(15);
    for (const object of objects) expect(object.provider).toEqual(expect.stringContaining('kubernetes'));
    const problems = objects
      .filter((object) => !withoutReferenceSchema.has(object.type))
      .flatMap((object) => validateManifest(object.inputs));
    expect(problems).toEqual([]);
  }, 60_000);

  it('demands mutual TLS in the serving namespace', () => {
    const [policy] = run.recorder.ofType('kubernetes:security.istio.io/v1:PeerAuthentication');
    expect(policy?.inputs).toMatchObject({
      metadata: { namespace: 'category-match' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it('sizes Kafka as the stack config says', () => {
    const [pool] = run.recorder.ofType('kubernetes:kafka.strimzi.io/v1:KafkaNodePool');
    const topics = run.recorder.ofType('kubernetes:kafka.strimzi.io/v1:KafkaTopic');
    expect(topics.map((topic) => spec(topic)['topicName']).sort()).toEqual([
      'category-match-dlq',
      'category-match-in',
      'category-match-out',
    ]);
    const [brokers, replicas, minInsync] = stack === 'ops' ? [3, 3, 2] : [1, 1, 1];
    expect(pool && spec(pool)['replicas']).toBe(brokers);
    for (const topic of topics) {
      expect(spec(topic)).toMatchObject({ replicas, config: { 'min.insync.replicas': minInsync } });
    }
  });

  it('keeps Kafka users, their secrets and the CA the clients trust in the serving namespace', () => {
    const users = run.recorder.ofType('kubernetes:kafka.strimzi.io/v1:KafkaUser');
    expect(users.map((user) => (user.inputs['metadata'] as { namespace: string }).namespace)).toEqual(
      users.map(() => 'category-match'),
    );
    const trust = run.recorder.get('kubernetes:cert-manager.io/v1:Certificate', 'kafka-client-trust');
    expect(trust.inputs).toMatchObject({
      metadata: { namespace: 'category-match' },
      spec: { secretName: 'category-match-cluster-ca-cert' },
    });
  });

  it('scrapes GPUs, Kafka lag, model servers and the worker with managed Prometheus', () => {
    const scrapes = run.recorder.ofType('kubernetes:monitoring.googleapis.com/v1:PodMonitoring');
    expect(scrapes.map((scrape) => scrape.name).sort()).toEqual([
      'monitoring-scrape-dcgm-exporter',
      'monitoring-scrape-kafka-exporter',
      'monitoring-scrape-model-server',
      'monitoring-scrape-worker',
    ]);
    const dashboard = run.recorder.get('kubernetes:core/v1:ConfigMap', 'monitoring-dashboard');
    expect(dashboard.inputs).toMatchObject({ metadata: { labels: { grafana_dashboard: '1' } } });
  });

  it('gives Argo CD the private repository credentials only when it delivers the app', () => {
    const secrets = run.recorder
      .ofType('kubernetes:core/v1:Secret')
      .filter((secret) => secret.name === 'argocd-repository');
    if (stack === 'dev') {
      expect(secrets).toEqual([]);
      return;
    }
    expect(secrets[0]?.inputs).toMatchObject({
      metadata: { namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      stringData: {
        type: 'git',
        url: 'https://git.example.com/your-org/category-match.git',
        password: 'mock-gitToken',
      },
    });
    // The token reaches the cluster as a secret output: encrypted in the state, masked in previews.
    expect(secrets[0]?.secretInputs).toEqual(expect.arrayContaining([expect.stringMatching(/^stringData/)]));
  });
});

describe('platform config checks when the config is read', () => {
  it('refuse a replication factor above the broker count, naming both keys', () => {
    const raw = { ...readStackConfig('dev'), kafkaReplicationFactor: '3', kafkaMinInsyncReplicas: '2' };
    expect(() => parseStackConfig('dev', raw)).toThrow(
      /kafkaReplicationFactor \(3\) exceeds category-match:kafkaBrokers \(1\)/,
    );
  });

  it('refuse a model API timeout Knative would not allow', () => {
    const raw = { ...readStackConfig('dev'), autoscalerMaxRevisionTimeoutSeconds: '600' };
    expect(() => parseStackConfig('dev', raw)).toThrow(
      /modelApiTimeoutSeconds \(\d+\) exceeds category-match:autoscalerMaxRevisionTimeoutSeconds \(600\)/,
    );
  });
});

describe('Argo CD repository credentials', () => {
  const ops = parseStackConfig('ops', readStackConfig('ops'));

  it('are required up front when the stack delivers with Argo CD', () => {
    expect(() => argocdRepository(ops, {})).toThrow(/set the secret category-match:gitToken/);
    // The URL is part of the typed config of an Argo CD stack: parsing refuses one without it.
    const { gitRepoUrl: _unset, ...withoutUrl } = readStackConfig('ops');
    expect(() => parseStackConfig('ops', withoutUrl)).toThrow(
      /category-match:gitRepoUrl: required when category-match:delivery is "argocd"/,
    );
  });

  it('are not needed when Pulumi delivers the app', () => {
    expect(argocdRepository(parseStackConfig('dev', readStackConfig('dev')), {})).toBeUndefined();
  });

  it('take the URL from config and the token from the secret', () => {
    const token = pulumi.secret('token');
    expect(argocdRepository(ops, { gitToken: token })).toEqual({
      url: 'https://git.example.com/your-org/category-match.git',
      token,
    });
  });
});

describe('Kafka clients outside the serving namespace (kafkaClientNamespaces)', () => {
  let run: StackRun;

  beforeAll(async () => {
    run = await runStackWithMocks('dev', {
      config: { kafkaClientNamespaces: '["orders","search"]' },
      secrets: { kafkaProducerPassword: 'producer-pw', kafkaConsumerPassword: 'consumer-pw' },
    });
  }, 120_000);

  it('admits their namespaces to the listener', () => {
    const [kafka] = run.recorder.ofType('kubernetes:kafka.strimzi.io/v1:Kafka');
    const listeners = (spec(kafka as RecordedResource)['kafka'] as { listeners: { networkPolicyPeers: unknown[] }[] })
      .listeners;
    const peers = JSON.stringify(listeners[0]?.networkPolicyPeers);
    for (const namespace of ['category-match', 'orders', 'search']) expect(peers).toContain(`"${namespace}"`);
  });

  it('gives the producer and consumer users the stack passwords, and every other user a generated one', () => {
    const users = run.recorder.ofType('kubernetes:kafka.strimzi.io/v1:KafkaUser');
    const authentication = Object.fromEntries(
      users.map((user) => [(user.inputs['metadata'] as { name: string }).name, spec(user)['authentication']]),
    );
    expect(authentication['category-match-producer']).toEqual({
      type: 'scram-sha-512',
      password: { valueFrom: { secretKeyRef: { name: 'category-match-producer-password', key: 'password' } } },
    });
    expect(authentication['category-match-worker']).toEqual({ type: 'scram-sha-512' });
  });

  it('puts the CA and the credentials of both users in each client namespace', () => {
    const secrets = run.recorder.ofType('kubernetes:core/v1:Secret').map((secret) => secret.inputs);
    const inOrders = secrets.filter((secret) => (secret['metadata'] as { namespace: string }).namespace === 'orders');
    expect(inOrders.map((secret) => (secret['metadata'] as { name: string }).name).sort()).toEqual([
      'category-match-consumer',
      'category-match-producer',
    ]);
    expect(
      inOrders.find((secret) => JSON.stringify(secret).includes('category-match-producer'))?.['stringData'],
    ).toEqual({
      username: 'category-match-producer',
      password: 'producer-pw',
      'bootstrap.servers': 'category-match-kafka-bootstrap.kafka.svc:9093',
    });
    const trust = run.recorder
      .ofType('kubernetes:cert-manager.io/v1:Certificate')
      .filter((certificate) => (certificate.inputs['metadata'] as { namespace: string }).namespace === 'search');
    expect(trust.map((certificate) => spec(certificate)['secretName'])).toEqual(['category-match-cluster-ca-cert']);
  });

  it('are refused up front without the passwords, naming the secrets to set', () => {
    const config = parseStackConfig('dev', { ...readStackConfig('dev'), kafkaClientNamespaces: '["orders"]' });
    expect(() => kafkaExternalClients(config, { kafkaProducerPassword: pulumi.secret('x') })).toThrow(
      'Stack "dev" gives Kafka credentials to orders (kafkaClientNamespaces): set the secret category-match:kafkaConsumerPassword (pulumi config set --secret kafkaConsumerPassword <password>)',
    );
    expect(kafkaExternalClients(parseStackConfig('dev', readStackConfig('dev')), {})).toBeUndefined();
  });
});
