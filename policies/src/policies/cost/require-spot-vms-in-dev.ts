import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { z } from 'zod';
import { environmentConfig, environmentOf } from '../../core/environment';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { isGpuPool } from '../../gcp/node-pools';

const name = 'require-spot-vms-in-dev';
const config = policyConfig({
  ...environmentConfig,
  scope: z
    .enum(['gpu-pools', 'all-pools'])
    .default('gpu-pools')
    .describe('which node pools must use spot VMs in dev: only GPU pools (default) or every pool'),
});

export const requireSpotVmsInDev: ResourceValidationPolicy = {
  name,
  description: 'In dev, node pools (GPU pools by default) run on spot VMs, which cost a fraction of on-demand ones.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
    const { environment, scope } = readPolicyConfig(name, config, args);
    if (environmentOf(args.urn, environment) !== 'dev') return;
    if (scope === 'gpu-pools' && !isGpuPool(pool)) return;
    const spot = pool.nodeConfig?.spot === true || pool.nodeConfig?.preemptible === true;
    if (!spot) {
      report(
        violation(
          'Node pool',
          args.name,
          'runs on on-demand VMs in a dev stack',
          'set nodeConfig.spot: true for dev (the workload tolerates preemption there)',
        ),
      );
    }
  }),
};
