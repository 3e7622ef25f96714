import type { StackValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { environmentConfig, environmentOf } from '../../core/environment';
import { resourcesOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { kafkaWorkers } from '../../kubernetes/kafka-workers';
import { metadataSchema } from '../../kubernetes/schemas';

const name = 'require-worker-disruption-budget-in-ops';
const config = policyConfig({ ...environmentConfig });
const pdbType = 'kubernetes:policy/v1:PodDisruptionBudget';

const pdbSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: z.object({
    selector: z.object({ matchLabels: z.record(z.string(), z.string()).optional() }).optional(),
    minAvailable: z.union([z.number(), z.string()]).optional(),
    maxUnavailable: z.union([z.number(), z.string()]).optional(),
  }),
});

function selects(matchLabels: Readonly<Record<string, string>>, podLabels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(matchLabels);
  return entries.length > 0 && entries.every(([key, value]) => podLabels[key] === value);
}

export const requireWorkerDisruptionBudgetInOps: StackValidationPolicy = {
  name,
  description:
    'In ops, every Kafka worker Deployment has a PodDisruptionBudget, so node upgrades never evict all consumers at once.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateStack: (args, report) => {
    const first = args.resources[0];
    if (first === undefined) return;
    if (environmentOf(first.urn, readPolicyConfig(name, config, args).environment) !== 'ops') return;
    const budgets = resourcesOfType(args.resources, pdbType, pdbSchema, report);
    for (const worker of kafkaWorkers(args.resources, report)) {
      const covered = budgets.some(
        ({ value }) =>
          (value.metadata?.namespace ?? 'default') === worker.namespace &&
          (value.spec.minAvailable !== undefined || value.spec.maxUnavailable !== undefined) &&
          selects(value.spec.selector?.matchLabels ?? {}, worker.podLabels),
      );
      if (!covered) {
        report(
          violation(
            'Deployment',
            worker.name,
            'has no PodDisruptionBudget in an ops stack',
            'add a policy/v1 PodDisruptionBudget in its namespace selecting its pod labels with maxUnavailable: 1',
          ),
          worker.resource.urn,
        );
      }
    }
  },
};
