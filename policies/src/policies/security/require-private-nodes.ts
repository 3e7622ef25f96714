import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

export const requirePrivateNodes: ResourceValidationPolicy = {
  name: 'require-private-nodes',
  description: 'GKE nodes have private addresses only, so no node is reachable from the internet.',
  enforcementLevel: 'mandatory',
  validateResource: [
    validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
      if (cluster.privateClusterConfig?.enablePrivateNodes !== true) {
        report(
          violation(
            'Cluster',
            args.name,
            'gives its nodes public IP addresses',
            'set privateClusterConfig.enablePrivateNodes: true (with Cloud NAT for egress)',
          ),
        );
      }
    }),
    validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
      if (pool.networkConfig?.enablePrivateNodes === false) {
        report(
          violation(
            'Node pool',
            args.name,
            'overrides the cluster and gives its nodes public IP addresses',
            'remove networkConfig.enablePrivateNodes or set it to true',
          ),
        );
      }
    }),
  ],
};
