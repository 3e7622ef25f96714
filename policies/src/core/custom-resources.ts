import type { PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs } from '@pulumi/policy';
import type { z } from 'zod';
import { violation } from './messages';

/** Kubernetes custom resource type tokens (`kubernetes:<group>/<version>:<Kind>`) the pack inspects. */
export const customResourceTypes = {
  inferenceService: 'kubernetes:serving.kserve.io/v1beta1:InferenceService',
  servingRuntime: 'kubernetes:serving.kserve.io/v1alpha1:ServingRuntime',
  clusterServingRuntime: 'kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime',
  kafka: 'kubernetes:kafka.strimzi.io/v1:Kafka',
  kafkaTopic: 'kubernetes:kafka.strimzi.io/v1:KafkaTopic',
  peerAuthentication: 'kubernetes:security.istio.io/v1:PeerAuthentication',
  scaledObject: 'kubernetes:keda.sh/v1alpha1:ScaledObject',
  knativeService: 'kubernetes:serving.knative.dev/v1:Service',
  argoApplication: 'kubernetes:argoproj.io/v1alpha1:Application',
} as const;

/** The Kind at the end of a type token, for messages. */
export function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(':') + 1);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Parses props with `schema`; a shape the policy cannot read is reported, never thrown. */
export function parseOrReport<T>(
  schema: z.ZodType<T>,
  resource: { type: string; name: string; props: unknown; urn?: string },
  report: ReportViolation,
): T | undefined {
  const parsed = schema.safeParse(resource.props);
  if (parsed.success) return parsed.data;
  report(
    violation(
      kindOf(resource.type),
      resource.name,
      `cannot be checked: ${describeIssues(parsed.error)}`,
      'make the field match the upstream CRD schema',
    ),
    resource.urn,
  );
  return undefined;
}

/**
 * Like `validateResourceOfType`, for custom resources that have no typed class: matches on the
 * type token and hands the validator props parsed by `schema`.
 */
export function validateCustomResourceOfType<T>(
  type: string,
  schema: z.ZodType<T>,
  validate: (resource: T, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  const validation: ResourceValidation = (args, report) => {
    if (args.type !== type) return args.notApplicable(`Policy only applies to resources of type '${type}'`);
    const resource = parseOrReport(schema, args, report);
    if (resource !== undefined) validate(resource, args, report);
  };
  // The engine skips a policy for other types without calling it when the validator carries its type.
  return Object.assign(validation, { __pulumiType: type });
}

/** The stack's resources of one type, parsed; those that do not parse are reported. */
export function resourcesOfType<T>(
  resources: readonly PolicyResource[],
  type: string,
  schema: z.ZodType<T>,
  report: ReportViolation,
): { resource: PolicyResource; value: T }[] {
  return resources
    .filter((resource) => resource.type === type)
    .flatMap((resource) => {
      const value = parseOrReport(schema, resource, report);
      return value === undefined ? [] : [{ resource, value }];
    });
}
