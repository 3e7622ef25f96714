import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

export const requireWorkloadIdentity: ResourceValidationPolicy = {
  name: 'require-workload-identity',
  description:
    'GKE clusters enable Workload Identity and node pools keep the GKE metadata server, so pods never see the node service account.',
  enforcementLevel: 'mandatory',
  validateResource: [
    validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
      if (!cluster.workloadIdentityConfig?.workloadPool) {
        report(
          violation(
            'Cluster',
            args.name,
            'has no Workload Identity pool, so pods reach GCP with the node service account',
            'set workloadIdentityConfig.workloadPool: "<project>.svc.id.goog"',
          ),
        );
      }
    }),
    validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
      const mode = pool.nodeConfig?.workloadMetadataConfig?.mode;
      if (mode !== undefined && mode !== 'GKE_METADATA') {
        report(
          violation(
            'Node pool',
            args.name,
            `sets workloadMetadataConfig.mode ${mode}, which exposes the node's credentials to pods`,
            'set nodeConfig.workloadMetadataConfig.mode: "GKE_METADATA" (or leave it unset)',
          ),
        );
      }
    }),
  ],
};
