import { loadConfig } from '@category-match/worker/config';
import { appValuesFixture } from './testing/app-values-fixture';
import { workerDeployment, workerEnv, workerPodDisruptionBudget } from './worker';

/** The environment the worker process would see, with Secret references resolved to placeholders. */
function resolvedEnvironment(): Record<string, string> {
  return Object.fromEntries(
    workerEnv(appValuesFixture()).map((variable) => [
      variable.name,
      variable.value ?? `from-secret-${variable.valueFrom?.secretKeyRef?.name ?? 'unknown'}`,
    ]),
  );
}

describe('worker deployment', () => {
  const values = appValuesFixture();

  it("sets an environment the worker's own config loader accepts, with SCRAM over TLS", () => {
    const read: string[] = [];
    const config = loadConfig(resolvedEnvironment(), (file) => {
      read.push(file);
      return 'ca-certificate';
    });
    expect(read).toEqual(['/etc/kafka-ca/ca.crt']);
    expect(config.kafka).toMatchObject({
      brokers: ['category-match-kafka-bootstrap.kafka.svc:9093'],
      groupId: 'category-match-worker',
      inputTopic: 'category-match-in',
      outputTopic: 'category-match-out',
      dlqTopic: 'category-match-dlq',
      sasl: {
        mechanism: 'scram-sha-512',
        username: 'category-match-worker',
        password: 'from-secret-category-match-worker',
      },
      ssl: { ca: 'ca-certificate' },
    });
    expect(config.model).toEqual({
      url: 'http://category-classifier.category-match.svc.cluster.local',
      name: 'category-classifier',
      protocol: 'v2',
      timeoutMs: 600_000,
    });
    expect(config).toMatchObject({
      maxBatchSize: 32,
      transactionMaxRecords: 2048,
      partitionBufferRecords: 4096,
      delivery: 'exactly-once',
      metricsPort: 9464,
    });
    expect(config.kafka.fetchMaxWaitMs).toBe(100);
    expect(config.abstainBelowScore).toBe(0.5);
  });

  it("reads the SCRAM password from the KafkaUser's Secret, never from a literal", () => {
    const password = workerEnv(values).find((variable) => variable.name === 'KAFKA_SASL_PASSWORD');
    expect(password).toEqual({
      name: 'KAFKA_SASL_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'category-match-worker', key: 'password' } },
    });
  });

  it('mounts the Kafka cluster CA from the Strimzi cluster CA Secret', () => {
    const pod = workerDeployment(values).spec?.template.spec;
    expect(pod?.volumes).toEqual([
      {
        name: 'kafka-ca',
        secret: { secretName: 'category-match-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
      },
    ]);
  });

  it('runs as non-root with probes on /healthz and /readyz and no GPU', () => {
    const pod = workerDeployment(values).spec?.template.spec;
    const container = pod?.containers[0];
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(JSON.stringify(container?.resources)).not.toContain('nvidia.com/gpu');
    expect(pod?.tolerations).toBeUndefined();
  });

  it('keeps a short model timeout as it is and caps a long one at the worker maximum', () => {
    const short = workerEnv(appValuesFixture({ modelApi: { ...values.modelApi, timeoutSeconds: 120 } }));
    expect(short.find((variable) => variable.name === 'MODEL_TIMEOUT_MS')?.value).toBe('120000');
  });

  it('disruption budget selects the worker pods', () => {
    const budget = workerPodDisruptionBudget(values);
    expect(budget.spec?.selector?.matchLabels).toEqual(workerDeployment(values).spec?.selector.matchLabels);
  });
});
