import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { environmentConfig, environmentOf } from '../../core/environment';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';

const name = 'require-deletion-protection-in-ops';
const config = policyConfig({ ...environmentConfig });

export const requireDeletionProtectionInOps: ResourceValidationPolicy = {
  name,
  description: 'In ops, the GKE cluster has deletion protection, so a stray destroy cannot take production down.',
  enforcementLevel: 'mandatory',
  configSchema: config.configSchema,
  validateResource: validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
    if (environmentOf(args.urn, readPolicyConfig(name, config, args).environment) !== 'ops') return;
    // The provider protects clusters unless told otherwise, so only an explicit false is a violation.
    if (cluster.deletionProtection === false) {
      report(
        violation(
          'Cluster',
          args.name,
          'turns off deletion protection in an ops stack',
          'set deletionProtection: true (turn it off deliberately, in a separate update, before tearing ops down)',
        ),
      );
    }
  }),
};
