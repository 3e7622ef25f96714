import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { AppValues, KubernetesObject } from './app-values';
import { appNames, componentLabels, workerSelector } from './names';

// The worker pauses and retries past a timeout, so one request never needs to outlast the whole cold start.
const maxModelTimeoutMs = 600_000;

/** Base URL of the model API inside the cluster (the transformer, in front of the predictor). */
export function modelUrl(values: AppValues): string {
  return `http://${values.model.name}.${values.namespace}.svc.cluster.local`;
}

/** The worker's environment, per its contract (`worker/src/config.ts`). */
export function workerEnv(values: AppValues): IEnvVar[] {
  const { kafka, worker } = values;
  const plain: Record<string, string> = {
    KAFKA_BROKERS: kafka.bootstrap,
    KAFKA_CLIENT_ID: appNames.worker,
    KAFKA_GROUP_ID: kafka.consumerGroup,
    KAFKA_INPUT_TOPIC: kafka.inputTopic,
    KAFKA_OUTPUT_TOPIC: kafka.outputTopic,
    KAFKA_DLQ_TOPIC: kafka.deadLetterTopic,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: kafka.workerUser,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: `${appNames.kafkaCaDir}/ca.crt`,
    MODEL_URL: modelUrl(values),
    MODEL_NAME: values.model.name,
    MODEL_PROTOCOL: 'v2',
    MODEL_TIMEOUT_MS: String(Math.min(values.modelApi.timeoutSeconds * 1000, maxModelTimeoutMs)),
    MAX_BATCH_SIZE: String(worker.maxBatchSize),
    TRANSACTION_MAX_RECORDS: String(worker.transactionMaxRecords),
    PARTITION_BUFFER_RECORDS: String(worker.partitionBufferRecords),
    FETCH_MAX_WAIT_MS: String(worker.fetchMaxWaitMs),
    ABSTAIN_BELOW_SCORE: String(worker.abstainBelowScore),
    DELIVERY: worker.delivery,
    METRICS_PORT: String(appNames.workerMetricsPort),
    LOG_LEVEL: 'info',
  };
  return [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    // Strimzi's User Operator writes the SCRAM password into a Secret named after the KafkaUser.
    { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: kafka.workerUser, key: 'password' } } },
  ];
}

export function workerServiceAccount(values: AppValues): IServiceAccount & KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: appNames.worker, namespace: values.namespace, labels: componentLabels(values, appNames.worker) },
    automountServiceAccountToken: false,
  };
}

/** The Kafka worker: non-root, read-only root file system, probes on its health endpoints. */
export function workerDeployment(values: AppValues): IDeployment & KubernetesObject {
  const labels = { ...componentLabels(values, appNames.worker), ...workerSelector() };
  const probe = (path: string) => ({
    httpGet: { path, port: 'metrics' },
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: appNames.worker, namespace: values.namespace, labels },
    spec: {
      // No `replicas`: KEDA owns the count, and a fixed one would be reset by every sync (Argo CD
      // self-heal, pulumi up) and fight the autoscaler.
      selector: { matchLabels: workerSelector() },
      template: {
        metadata: {
          labels,
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(appNames.workerMetricsPort) },
        },
        spec: {
          serviceAccountName: appNames.worker,
          // Long enough to finish or abort the open transaction and leave the group.
          terminationGracePeriodSeconds: 60,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'worker',
              image: values.images.worker,
              env: workerEnv(values),
              ports: [{ name: 'metrics', containerPort: appNames.workerMetricsPort, protocol: 'TCP' }],
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
              livenessProbe: probe('/healthz'),
              readinessProbe: probe('/readyz'),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'kafka-ca', mountPath: appNames.kafkaCaDir, readOnly: true }],
            },
          ],
          volumes: [
            {
              name: 'kafka-ca',
              secret: { secretName: values.kafka.caSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
            },
          ],
        },
      },
    },
  };
}

/** Keeps at least one worker through node drains when more than one runs. */
export function workerPodDisruptionBudget(values: AppValues): IPodDisruptionBudget & KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: appNames.worker, namespace: values.namespace, labels: componentLabels(values, appNames.worker) },
    spec: { maxUnavailable: 1, selector: { matchLabels: workerSelector() } },
  };
}
