import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

export const requireShieldedNodes: ResourceValidationPolicy = {
  name: 'require-shielded-nodes',
  description:
    'GKE clusters use Shielded GKE Nodes and no node pool turns off secure boot or integrity monitoring, so a tampered node cannot join.',
  enforcementLevel: 'mandatory',
  validateResource: [
    validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
      if (cluster.enableShieldedNodes !== true) {
        report(violation('Cluster', args.name, 'does not enable Shielded GKE Nodes', 'set enableShieldedNodes: true'));
      }
    }),
    validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
      const shielded = pool.nodeConfig?.shieldedInstanceConfig;
      const disabled = [
        ...(shielded?.enableSecureBoot === false ? ['enableSecureBoot'] : []),
        ...(shielded?.enableIntegrityMonitoring === false ? ['enableIntegrityMonitoring'] : []),
      ];
      if (disabled.length > 0) {
        report(
          violation(
            'Node pool',
            args.name,
            `turns off ${disabled.join(' and ')} on its shielded VMs`,
            `set nodeConfig.shieldedInstanceConfig.${disabled.join(' and ')} to true`,
          ),
        );
      }
    }),
  ],
};
