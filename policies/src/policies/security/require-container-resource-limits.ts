import type { ResourceValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { kindOf } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { containerPlace, podTemplates } from '../../kubernetes/workloads';

const name = 'require-container-resource-limits';
const config = policyConfig({
  requiredLimits: z
    .array(z.string())
    .default(['memory'])
    .describe('resource limits every container must set (CPU is left out by default: a CPU limit throttles inference)'),
  requiredRequests: z
    .array(z.string())
    .default(['cpu', 'memory'])
    .describe('resource requests every container must set, so the scheduler reserves what it needs'),
});

export const requireContainerResourceLimits: ResourceValidationPolicy = {
  name,
  description:
    'Every container the program defines sets a memory limit and CPU and memory requests, so one runaway pod cannot starve a node.',
  enforcementLevel: 'mandatory',
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const templates = podTemplates(args, report);
    if (templates === undefined) return args.notApplicable('Policy only applies to workloads');
    const { requiredLimits, requiredRequests } = readPolicyConfig(name, config, args);
    for (const template of templates) {
      for (const container of template.containers) {
        const limits = container.resources?.limits ?? {};
        const requests = container.resources?.requests ?? {};
        const missing = [
          ...requiredLimits
            .filter((resource) => limits[resource] === undefined)
            .map((resource) => `limits.${resource}`),
          ...requiredRequests
            .filter((resource) => requests[resource] === undefined)
            .map((resource) => `requests.${resource}`),
        ];
        if (missing.length === 0) continue;
        report(
          violation(
            kindOf(args.type),
            args.name,
            `${containerPlace(template, container)} sets no ${missing.join(', ')}`,
            `set resources.${missing.join(' and resources.')}`,
          ),
        );
      }
    }
  },
};
