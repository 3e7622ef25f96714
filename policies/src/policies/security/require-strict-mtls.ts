import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { customResourceTypes, resourcesOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { kafkaWorkers } from '../../kubernetes/kafka-workers';
import { metadataSchema, peerAuthenticationSchema } from '../../kubernetes/schemas';

const name = 'require-strict-mtls';
const config = policyConfig({
  applicationNamespaces: z
    .array(z.string())
    .default(['category-match'])
    .describe('namespaces that must accept mutual TLS only, besides those holding InferenceServices or Kafka workers'),
  meshRootNamespace: z
    .string()
    .default('istio-system')
    .describe("Istio's root namespace, where a selector-less PeerAuthentication applies mesh-wide"),
});

const namespaced = z.object({ metadata: metadataSchema.optional() });

/**
 * The namespaces the application runs in: configured ones and wherever the stack puts an
 * InferenceService or a Kafka worker. Platform namespaces (Knative's, Istio's) are left out on
 * purpose: the API server calls their webhooks without a sidecar, so STRICT there breaks admission.
 */
function applicationNamespacesOf(
  args: StackValidationArgs,
  configured: readonly string[],
  report: ReportViolation,
): Set<string> {
  const services = resourcesOfType(args.resources, customResourceTypes.inferenceService, namespaced, report);
  return new Set([
    ...configured,
    ...services.map(({ value }) => value.metadata?.namespace ?? 'default'),
    ...kafkaWorkers(args.resources, report).map((worker) => worker.namespace),
  ]);
}

export const requireStrictMtls: StackValidationPolicy = {
  name,
  description:
    'Every application namespace has a namespace-wide (or mesh-wide) Istio PeerAuthentication in STRICT mode, and none weakens it.',
  enforcementLevel: 'mandatory',
  configSchema: config.configSchema,
  validateStack: (args, report) => {
    const { applicationNamespaces, meshRootNamespace } = readPolicyConfig(name, config, args);
    const namespaces = applicationNamespacesOf(args, applicationNamespaces, report);
    const policies = resourcesOfType(
      args.resources,
      customResourceTypes.peerAuthentication,
      peerAuthenticationSchema,
      report,
    );

    for (const { resource, value } of policies) {
      const namespace = value.metadata?.namespace ?? 'default';
      if (!namespaces.has(namespace) && namespace !== meshRootNamespace) continue;
      const modes = [
        value.spec?.mtls?.mode,
        ...Object.values(value.spec?.portLevelMtls ?? {}).map((port) => port.mode),
      ];
      const weak = modes.filter((mode) => mode === 'PERMISSIVE' || mode === 'DISABLE');
      if (weak.length > 0) {
        report(
          violation(
            'PeerAuthentication',
            resource.name,
            `allows plain-text traffic (${weak.join(', ')}) in namespace ${namespace}`,
            'set spec.mtls.mode (and every portLevelMtls mode) to STRICT',
          ),
          resource.urn,
        );
      }
    }

    const isStrictDefault = (namespace: string) =>
      policies.some(
        ({ value }) =>
          (value.metadata?.namespace ?? 'default') === namespace &&
          value.spec?.selector === undefined &&
          value.spec?.mtls?.mode === 'STRICT',
      );
    if (isStrictDefault(meshRootNamespace)) return;
    for (const namespace of [...namespaces].sort()) {
      if (isStrictDefault(namespace)) continue;
      report(
        violation(
          'Namespace',
          namespace,
          'has no namespace-wide STRICT PeerAuthentication, so its workloads accept plain-text traffic',
          `add a PeerAuthentication named "default" in ${namespace} with spec.mtls.mode: STRICT and no selector`,
        ),
      );
    }
  },
};
