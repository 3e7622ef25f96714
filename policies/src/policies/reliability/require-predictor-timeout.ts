import type { ResourceValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { customResourceTypes, validateCustomResourceOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';

const name = 'require-predictor-timeout';
const config = policyConfig({
  minTimeoutSeconds: z
    .number()
    .int()
    .positive()
    .default(300)
    .describe('shortest request timeout a predictor may have: long enough for a GPU node to come up from zero'),
});

/** `timeout`: seconds KServe lets one request take before it fails it. */
const predictorTimeoutSchema = z.object({
  spec: z.object({ predictor: z.object({ timeout: z.number().optional() }) }),
});

export const requirePredictorTimeout: ResourceValidationPolicy = {
  name,
  description:
    'InferenceService predictors set a request timeout long enough for a cold start from zero GPU nodes, so the first request after idle is served, not failed.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: validateCustomResourceOfType(
    customResourceTypes.inferenceService,
    predictorTimeoutSchema,
    (service, args, report) => {
      const { minTimeoutSeconds } = readPolicyConfig(name, config, args);
      const timeout = service.spec.predictor.timeout;
      if (timeout === undefined || timeout < minTimeoutSeconds) {
        report(
          violation(
            'InferenceService',
            args.name,
            timeout === undefined
              ? "predictor has no request timeout, so Knative's default cuts off requests waiting for a cold start"
              : `predictor times requests out after ${timeout}s, shorter than a cold start from zero GPU nodes`,
            `set spec.predictor.timeout to at least ${minTimeoutSeconds} (seconds)`,
          ),
        );
      }
    },
  ),
};
