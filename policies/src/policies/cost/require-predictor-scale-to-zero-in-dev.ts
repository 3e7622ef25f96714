import type { ResourceValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { environmentConfig, environmentOf } from '../../core/environment';
import { customResourceTypes, validateCustomResourceOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';

const name = 'require-predictor-scale-to-zero-in-dev';
const config = policyConfig({ ...environmentConfig });
const predictorReplicasSchema = z.object({
  spec: z.object({ predictor: z.object({ minReplicas: z.number().optional() }) }),
});

export const requirePredictorScaleToZeroInDev: ResourceValidationPolicy = {
  name,
  description: 'In dev, InferenceService predictors scale to zero, so the GPU pool can drain when nobody sends work.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: validateCustomResourceOfType(
    customResourceTypes.inferenceService,
    predictorReplicasSchema,
    (service, args, report) => {
      if (environmentOf(args.urn, readPolicyConfig(name, config, args).environment) !== 'dev') return;
      const minReplicas = service.spec.predictor.minReplicas;
      // KServe keeps one replica when minReplicas is unset.
      if (minReplicas !== 0) {
        report(
          violation(
            'InferenceService',
            args.name,
            `predictor keeps ${minReplicas ?? '1 (KServe default)'} replica(s) warm in a dev stack`,
            'set spec.predictor.minReplicas: 0',
          ),
        );
      }
    },
  ),
};
