import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { AppValues, KubernetesObject } from './app-values';
import { appNames, componentLabels } from './names';

const lagReaderAuth = `${appNames.worker}-kafka-lag`;

/** How often KEDA reads the consumer lag (the cost planner simulates the same interval). */
export const lagPollingIntervalSeconds = 15;

/** How long the worker's load must stay low before a replica goes: each removal moves partitions. */
export const workerScaleDownStabilizationSeconds = 300;

/** Non-secret parameters of KEDA's Kafka connection: the lag reader's user name and the security mode. */
export function lagReaderSettings(values: AppValues): IConfigMap & KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: lagReaderAuth, namespace: values.namespace, labels: componentLabels(values, appNames.worker) },
    data: { sasl: 'scram_sha512', tls: 'enable', username: values.kafka.lagReaderUser },
  };
}

/** How KEDA signs in to Kafka: SCRAM as the lag reader (read-only on the group), TLS with the cluster CA. */
export function lagReaderTriggerAuthentication(values: AppValues): KubernetesObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: lagReaderAuth, namespace: values.namespace, labels: componentLabels(values, appNames.worker) },
    spec: {
      configMapTargetRef: [
        { parameter: 'sasl', name: lagReaderAuth, key: 'sasl' },
        { parameter: 'tls', name: lagReaderAuth, key: 'tls' },
        { parameter: 'username', name: lagReaderAuth, key: 'username' },
      ],
      secretTargetRef: [
        { parameter: 'password', name: values.kafka.lagReaderUser, key: 'password' },
        { parameter: 'ca', name: values.kafka.caSecretName, key: 'ca.crt' },
      ],
    },
  };
}

/**
 * Scales the worker on the consumer group's lag. Never beyond the partition count: a consumer
 * without a partition idles, and KEDA would add replicas that can take no work.
 */
export function workerScaledObject(values: AppValues): KubernetesObject {
  const { worker, kafka } = values;
  if (worker.maxReplicas > kafka.partitions) {
    throw new Error(
      `worker.maxReplicas (${worker.maxReplicas}) exceeds the ${kafka.partitions} partitions of ${kafka.inputTopic}; lower it in release.yaml or raise category-match:kafkaPartitions`,
    );
  }
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: appNames.worker, namespace: values.namespace, labels: componentLabels(values, appNames.worker) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: appNames.worker },
      minReplicaCount: worker.minReplicas,
      maxReplicaCount: worker.maxReplicas,
      pollingInterval: lagPollingIntervalSeconds,
      // KEDA's cooldownPeriod acts only on the step to zero replicas; every other step is the HPA's (below).
      ...(worker.minReplicas === 0 ? { cooldownPeriod: workerScaleDownStabilizationSeconds } : {}),
      // Scale down slowly, one replica a minute: each removal moves partitions and restarts their transactions.
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: workerScaleDownStabilizationSeconds,
              policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
            },
          },
        },
      },
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: kafka.bootstrap,
            consumerGroup: kafka.consumerGroup,
            topic: kafka.inputTopic,
            lagThreshold: String(worker.lagThreshold),
            // Messages waiting before the group first commits count as lag too.
            offsetResetPolicy: 'earliest',
            allowIdleConsumers: 'false',
          },
          authenticationRef: { name: lagReaderAuth },
        },
      ],
    },
  };
}
