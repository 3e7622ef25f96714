import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

export const forbidLegacyAbac: ResourceValidationPolicy = {
  name: 'forbid-legacy-abac',
  description: 'GKE clusters authorise with RBAC only; legacy ABAC grants broad rights outside RBAC.',
  enforcementLevel: 'mandatory',
  validateResource: validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
    if (cluster.enableLegacyAbac === true) {
      report(
        violation(
          'Cluster',
          args.name,
          'enables legacy ABAC authorisation',
          'remove enableLegacyAbac or set it to false',
        ),
      );
    }
  }),
};
