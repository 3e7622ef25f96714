import type { PolicyResource, ReportViolation } from '@pulumi/policy';
import { z } from 'zod';
import { customResourceTypes, resourcesOfType } from '../core/custom-resources';
import { containerSchema, metadataSchema, scaledObjectSchema } from './schemas';

export const deploymentType = 'kubernetes:apps/v1:Deployment';

/** The worker reads the topic it consumes from this variable (worker/src/config.ts). */
export const inputTopicVariable = 'KAFKA_INPUT_TOPIC';

/** KEDA's default `maxReplicaCount` when a ScaledObject leaves it out. */
export const kedaDefaultMaxReplicas = 100;

const deploymentSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z
    .object({
      replicas: z.number().optional(),
      template: z
        .object({
          metadata: metadataSchema.optional(),
          spec: z.object({ containers: z.array(containerSchema).optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** A Deployment that consumes a Kafka topic, with the most replicas it can reach. */
export interface KafkaWorker {
  readonly resource: PolicyResource;
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** The consumed topic, from the KEDA trigger or the worker's input topic variable. */
  readonly topic: string | undefined;
  readonly maxReplicas: number;
  /** Where `maxReplicas` comes from, for messages. */
  readonly maxReplicasSource: string;
}

/**
 * Deployments that consume Kafka: targets of a ScaledObject with a `kafka` trigger, and
 * Deployments whose containers set the worker's input topic variable.
 */
export function kafkaWorkers(resources: readonly PolicyResource[], report: ReportViolation): KafkaWorker[] {
  const scalers = resourcesOfType(resources, customResourceTypes.scaledObject, scaledObjectSchema, report).flatMap(
    ({ resource, value }) => {
      const trigger = value.spec.triggers.find((candidate) => candidate.type === 'kafka');
      if (trigger === undefined) return [];
      const kind = value.spec.scaleTargetRef.kind ?? 'Deployment';
      if (kind !== 'Deployment') return [];
      return [
        {
          resource,
          namespace: value.metadata?.namespace ?? 'default',
          target: value.spec.scaleTargetRef.name,
          topic: trigger.metadata?.['topic'],
          maxReplicas: value.spec.maxReplicaCount ?? kedaDefaultMaxReplicas,
        },
      ];
    },
  );
  return resourcesOfType(resources, deploymentType, deploymentSchema, report).flatMap(({ resource, value }) => {
    const name = value.metadata?.name ?? resource.name;
    const namespace = value.metadata?.namespace ?? 'default';
    const scaler = scalers.find((candidate) => candidate.target === name && candidate.namespace === namespace);
    const envTopic = (value.spec?.template?.spec?.containers ?? [])
      .flatMap((container) => container.env ?? [])
      .find((env) => env.name === inputTopicVariable)?.value;
    if (scaler === undefined && envTopic === undefined) return [];
    const common = { resource, name, namespace, podLabels: value.spec?.template?.metadata?.labels ?? {} };
    return scaler === undefined
      ? [{ ...common, topic: envTopic, maxReplicas: value.spec?.replicas ?? 1, maxReplicasSource: 'spec.replicas' }]
      : [
          {
            ...common,
            topic: scaler.topic ?? envTopic,
            maxReplicas: scaler.maxReplicas,
            maxReplicasSource: `ScaledObject "${scaler.resource.name}" maxReplicaCount`,
          },
        ];
  });
}
