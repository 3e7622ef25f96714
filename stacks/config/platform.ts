import { z } from 'zod';
import { boolean, integer, json } from './values';

/** Kubernetes names: lower-case letters, digits and dashes (RFC 1123 label). */
const dnsLabel = () =>
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a Kubernetes name (lower-case letters, digits, dashes)');

/** A Kubernetes quantity such as `10Gi`. */
const storageQuantity = () => z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, 'expected a size such as 10Gi');

/** A Go duration as Knative reads it, e.g. `15m`, `60s`, `0s`. */
const duration = () => z.string().regex(/^(\d+(h|m|s))+$/, 'expected a duration such as 60s or 15m');

const positive = () => integer().pipe(z.number().int().min(1, 'expected at least 1'));

/**
 * Config keys of the platform add-ons (Istio, cert-manager, Knative, KServe, ArgoCD, Strimzi Kafka,
 * KEDA, monitoring). Cross-key rules (replication within the broker count) are in `platformConfigProblems`.
 */
export const platformConfig = z.object({
  /** Replicas of the add-ons' control planes (istiod, gateway, cert-manager, Knative, ArgoCD, KEDA): 1 in dev, 2+ for HA. */
  platformReplicas: positive().default(1),
  /** Let Knative revisions scale to zero pods, so the GPU pool can scale to zero nodes (cluster default). */
  autoscalerScaleToZero: boolean().default(true),
  /** How long the last pod stays after traffic stops, so a burst right after does not pay a cold start. */
  autoscalerScaleDownDelay: duration().default('15m'),
  /** Window over which Knative averages concurrency before scaling down. */
  autoscalerStableWindow: duration().default('60s'),
  /** Longest request timeout a revision may set; a cold GPU start (node, driver, image, model) takes minutes. */
  autoscalerMaxRevisionTimeoutSeconds: positive().default(1800),
  /** Namespace of the Strimzi operator, the Kafka cluster, its topics and users. */
  kafkaNamespace: dnsLabel().default('kafka'),
  /** Name of the Strimzi `Kafka`; the bootstrap service is `<name>-kafka-bootstrap`. */
  kafkaClusterName: dnsLabel().default('category-match'),
  /** Kafka nodes (each both KRaft controller and broker). */
  kafkaBrokers: positive().default(1),
  /** Partitions of each topic: the ceiling of worker parallelism, so at least the worker's maximum replicas. */
  kafkaPartitions: positive().default(6),
  /** Replicas of each partition (and of the offsets and transaction logs). */
  kafkaReplicationFactor: positive().default(1),
  /** Replicas that must acknowledge a write; below the replication factor so one broker may be down. */
  kafkaMinInsyncReplicas: positive().default(1),
  /** Persistent volume size of each Kafka node. */
  kafkaStorageSize: storageQuantity().default('10Gi'),
  /**
   * Existing namespaces of producer and consumer applications outside the serving namespace: the listener admits
   * them, and each gets the CA and the producer's and consumer's credentials (needs the secrets
   * kafkaProducerPassword and kafkaConsumerPassword).
   */
  kafkaClientNamespaces: json(z.array(dnsLabel())).default([]),
  /**
   * Disposable data: true force-deletes the model bucket with its versions on `pulumi destroy` and
   * deletes Kafka's volumes with the Kafka resource (Strimzi `deleteClaim`); false makes destroy
   * fail while the bucket holds versions and keeps Kafka's volumes when only the Kafka resource goes
   * (a full destroy still deletes them with the Kafka namespace).
   */
  deleteDataOnDestroy: boolean().default(false),
});

export type PlatformConfig = z.infer<typeof platformConfig>;

/** The Knative autoscaler defaults as one value. */
export function knativeAutoscaling(config: PlatformConfig) {
  return {
    scaleToZero: config.autoscalerScaleToZero,
    scaleDownDelay: config.autoscalerScaleDownDelay,
    stableWindow: config.autoscalerStableWindow,
    maxRevisionTimeoutSeconds: config.autoscalerMaxRevisionTimeoutSeconds,
  };
}

/**
 * Rules that span several keys; each message names the keys involved. The model API's timeout
 * (an app key) is checked here because the ceiling it must stay under is a platform key.
 */
export function platformConfigProblems(
  config: PlatformConfig & { readonly modelApiTimeoutSeconds?: number },
): string[] {
  const problems: string[] = [];
  if (
    config.modelApiTimeoutSeconds !== undefined &&
    config.modelApiTimeoutSeconds > config.autoscalerMaxRevisionTimeoutSeconds
  ) {
    problems.push(
      `category-match:modelApiTimeoutSeconds (${config.modelApiTimeoutSeconds}) exceeds category-match:autoscalerMaxRevisionTimeoutSeconds (${config.autoscalerMaxRevisionTimeoutSeconds}); Knative would refuse the revision`,
    );
  }
  if (config.kafkaReplicationFactor > config.kafkaBrokers) {
    problems.push(
      `category-match:kafkaReplicationFactor (${config.kafkaReplicationFactor}) exceeds category-match:kafkaBrokers (${config.kafkaBrokers})`,
    );
  }
  if (config.kafkaMinInsyncReplicas > config.kafkaReplicationFactor) {
    problems.push(
      `category-match:kafkaMinInsyncReplicas (${config.kafkaMinInsyncReplicas}) exceeds category-match:kafkaReplicationFactor (${config.kafkaReplicationFactor})`,
    );
  }
  if (config.kafkaReplicationFactor >= 3 && config.kafkaMinInsyncReplicas < 2) {
    problems.push(
      'category-match:kafkaMinInsyncReplicas must be at least 2 when category-match:kafkaReplicationFactor is 3 or more, or an acknowledged write can live on one broker only',
    );
  }
  if (config.kafkaReplicationFactor > 1 && config.kafkaMinInsyncReplicas >= config.kafkaReplicationFactor) {
    problems.push(
      'category-match:kafkaMinInsyncReplicas must be below category-match:kafkaReplicationFactor, or producers stop when one broker restarts',
    );
  }
  return problems;
}
