import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { z } from 'zod';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { isGpuPool } from '../../gcp/node-pools';

const name = 'require-gpu-pool-scale-from-zero';
const config = policyConfig({
  allowAlwaysOnGpus: z
    .boolean()
    .default(false)
    .describe('true for a stack that deliberately keeps GPU nodes warm (minimum above zero)'),
});

export const requireGpuPoolScaleFromZero: ResourceValidationPolicy = {
  name,
  description: 'GPU node pools autoscale from zero nodes, so an idle stack pays for no GPU.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
    if (!isGpuPool(pool) || readPolicyConfig(name, config, args).allowAlwaysOnGpus) return;
    const autoscaling = pool.autoscaling;
    if (autoscaling === undefined) {
      report(
        violation(
          'GPU node pool',
          args.name,
          'has no autoscaling, so its GPU nodes run and bill around the clock',
          'set autoscaling.minNodeCount: 0 (or totalMinNodeCount: 0) and a maxNodeCount',
        ),
      );
      return;
    }
    const minimum = Math.max(autoscaling.minNodeCount ?? 0, autoscaling.totalMinNodeCount ?? 0);
    if (minimum > 0) {
      report(
        violation(
          'GPU node pool',
          args.name,
          `keeps at least ${minimum} GPU node(s) running when idle`,
          'set autoscaling.minNodeCount and totalMinNodeCount to 0, or allow always-on GPUs for this stack in the policy config (allowAlwaysOnGpus: true)',
        ),
      );
    }
  }),
};
