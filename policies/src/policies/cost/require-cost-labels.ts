import type { ResourceValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { kindOf } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { effectiveLabels, labelFieldOf } from '../../gcp/labels';

const name = 'require-cost-labels';
const config = policyConfig({
  requiredLabels: z
    .array(z.string())
    .default(['env', 'app', 'cost-center'])
    .describe('labels every labelled GCP resource must carry'),
});

export const requireCostLabels: ResourceValidationPolicy = {
  name,
  description:
    'Every labelled GCP resource carries env, app and cost-center, so the bill can be split by stack and owner.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    if (!args.type.startsWith('gcp:')) return args.notApplicable('Policy only applies to GCP resources');
    const field = labelFieldOf(args.type, args.props);
    if (field === undefined) return args.notApplicable('This GCP resource type takes no labels');
    const labels = effectiveLabels(args, field);
    const missing = readPolicyConfig(name, config, args).requiredLabels.filter((key) => !labels[key]);
    if (missing.length > 0) {
      report(
        violation(
          kindOf(args.type),
          args.name,
          `is missing the label(s) ${missing.join(', ')}`,
          `add them to ${field.join('.')} (the standard labels from infra/naming.ts) or to the provider's defaultLabels`,
        ),
      );
    }
  },
};
