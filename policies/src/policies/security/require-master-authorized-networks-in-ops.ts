import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { environmentConfig, environmentOf } from '../../core/environment';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';

const name = 'require-master-authorized-networks-in-ops';
const config = policyConfig({ ...environmentConfig });
const anywhere = new Set(['0.0.0.0/0', '::/0']);

export const requireMasterAuthorizedNetworksInOps: ResourceValidationPolicy = {
  name,
  description: 'In ops, only listed networks reach the GKE control plane.',
  enforcementLevel: 'mandatory',
  configSchema: config.configSchema,
  validateResource: validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
    if (environmentOf(args.urn, readPolicyConfig(name, config, args).environment) !== 'ops') return;
    const blocks = cluster.masterAuthorizedNetworksConfig?.cidrBlocks ?? [];
    const open = blocks.filter((block) => anywhere.has(block.cidrBlock));
    if (blocks.length === 0) {
      report(
        violation(
          'Cluster',
          args.name,
          'lets any network reach its control plane in an ops stack',
          'set masterAuthorizedNetworksConfig.cidrBlocks to the networks that administer the cluster',
        ),
      );
    } else if (open.length > 0) {
      report(
        violation(
          'Cluster',
          args.name,
          `authorises ${open.map((block) => block.cidrBlock).join(', ')} (everyone) to reach its control plane`,
          'replace it with the administering networks in masterAuthorizedNetworksConfig.cidrBlocks',
        ),
      );
    }
  }),
};
