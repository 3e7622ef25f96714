import type { StackValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { customResourceTypes, resourcesOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { metadataSchema } from '../../kubernetes/schemas';

const probedContainer = z.object({ name: z.string().optional(), readinessProbe: z.unknown().optional() });
type ProbedContainer = z.infer<typeof probedContainer>;

const predictorProbesSchema = z.object({
  spec: z.object({
    predictor: z.object({
      model: probedContainer.extend({ runtime: z.string().optional() }).optional(),
      containers: z.array(probedContainer).optional(),
    }),
  }),
});

const runtimeProbesSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({ containers: z.array(probedContainer).optional() }).optional(),
});

/** KServe names the predictor's model container, and the runtime container it is built from, this. */
const modelContainerName = 'kserve-container';

function modelContainer(containers: readonly ProbedContainer[]): ProbedContainer | undefined {
  return containers.find((container) => container.name === modelContainerName) ?? containers[0];
}

export const requirePredictorReadinessProbe: StackValidationPolicy = {
  name: 'require-predictor-readiness-probe',
  description:
    "Every InferenceService predictor has a readiness probe (its own or its serving runtime's), so traffic reaches a replica only once the model is loaded.",
  enforcementLevel: 'advisory',
  validateStack: (args, report) => {
    const runtimes = [customResourceTypes.servingRuntime, customResourceTypes.clusterServingRuntime].flatMap((type) =>
      resourcesOfType(args.resources, type, runtimeProbesSchema, report),
    );
    const runtimeProbe = (runtimeName: string | undefined): boolean =>
      runtimes.some(
        ({ resource, value }) =>
          (value.metadata?.name ?? resource.name) === runtimeName &&
          modelContainer(value.spec?.containers ?? [])?.readinessProbe !== undefined,
      );
    const services = resourcesOfType(
      args.resources,
      customResourceTypes.inferenceService,
      predictorProbesSchema,
      report,
    );
    for (const { resource, value } of services) {
      const predictor = value.spec.predictor;
      const own = predictor.model?.readinessProbe ?? modelContainer(predictor.containers ?? [])?.readinessProbe;
      if (own !== undefined || runtimeProbe(predictor.model?.runtime)) continue;
      report(
        violation(
          'InferenceService',
          resource.name,
          'predictor has no readiness probe, so requests reach replicas still loading the model',
          `add a readinessProbe (httpGet /v2/health/ready) to spec.predictor.model or to the ${modelContainerName} container of its serving runtime`,
        ),
        resource.urn,
      );
    }
  },
};
