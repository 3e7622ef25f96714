import { z } from 'zod';

/**
 * The fields of Kubernetes objects the pack reads, as lenient zod schemas: everything optional
 * unless the policy cannot work without it. Fields the pack does not read are dropped unread, so a
 * value unknown during preview elsewhere in the object does not stop the check.
 */

const quantity = z.union([z.string(), z.number()]);

export const metadataSchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const securityContextSchema = z.object({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
});

const envVarSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.unknown().optional(),
});

export const containerSchema = z.object({
  name: z.string().optional(),
  securityContext: securityContextSchema.optional(),
  resources: z
    .object({
      limits: z.record(z.string(), quantity).optional(),
      requests: z.record(z.string(), quantity).optional(),
    })
    .optional(),
  env: z.array(envVarSchema).optional(),
  readinessProbe: z.unknown().optional(),
});

/** The pod side of a KServe component (predictor, transformer, explainer). */
export const inferenceComponentSchema = z.object({
  securityContext: securityContextSchema.optional(),
  containers: z.array(containerSchema).optional(),
  initContainers: z.array(containerSchema).optional(),
  model: containerSchema.extend({ runtime: z.string().optional() }).optional(),
});

/**
 * An InferenceService's pods. Serving fields (replicas, timeout) have their own schemas in the
 * policies that read them, so a value unknown during preview only pauses the policies that need it.
 */
export const inferenceServiceSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({
    predictor: inferenceComponentSchema,
    transformer: inferenceComponentSchema.optional(),
    explainer: inferenceComponentSchema.optional(),
  }),
});

export const servingRuntimeSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({ containers: z.array(containerSchema).optional() }).optional(),
});

export const knativeServiceSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z
    .object({
      template: z
        .object({
          spec: z
            .object({
              securityContext: securityContextSchema.optional(),
              containers: z.array(containerSchema).optional(),
              initContainers: z.array(containerSchema).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

export const kafkaSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({
    kafka: z.object({
      listeners: z.array(
        z.object({
          name: z.string(),
          tls: z.boolean().optional(),
          authentication: z.object({ type: z.string() }).optional(),
        }),
      ),
    }),
  }),
});

export const kafkaTopicSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z
    .object({
      topicName: z.string().optional(),
      partitions: z.number().optional(),
      replicas: z.number().optional(),
    })
    .optional(),
});

const mtlsSchema = z.object({ mode: z.string().optional() });

export const peerAuthenticationSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z
    .object({
      selector: z.object({ matchLabels: z.record(z.string(), z.string()).optional() }).optional(),
      mtls: mtlsSchema.optional(),
      portLevelMtls: z.record(z.string(), mtlsSchema).optional(),
    })
    .optional(),
});

export const scaledObjectSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({
    scaleTargetRef: z.object({ name: z.string(), kind: z.string().optional() }),
    maxReplicaCount: z.number().optional(),
    triggers: z.array(z.object({ type: z.string(), metadata: z.record(z.string(), z.string()).optional() })),
  }),
});

export type ContainerView = z.infer<typeof containerSchema>;
export type InferenceComponent = z.infer<typeof inferenceComponentSchema>;
export type InferenceService = z.infer<typeof inferenceServiceSchema>;
export type KafkaTopic = z.infer<typeof kafkaTopicSchema>;
