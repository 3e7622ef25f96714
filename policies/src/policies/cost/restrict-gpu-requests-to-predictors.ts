import type { ResourceValidationPolicy } from '@pulumi/policy';
import { customResourceTypes, kindOf } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { containerPlace, podTemplates } from '../../kubernetes/workloads';

const gpuResource = 'nvidia.com/gpu';

export const restrictGpuRequestsToPredictors: ResourceValidationPolicy = {
  name: 'restrict-gpu-requests-to-predictors',
  description:
    'Only InferenceService predictors request GPUs; any other pod asking for one keeps a GPU node busy for work a CPU can do.',
  enforcementLevel: 'advisory',
  validateResource: (args, report) => {
    const templates = podTemplates(args, report);
    if (templates === undefined) return args.notApplicable('Policy only applies to workloads');
    for (const template of templates) {
      const isPredictor = args.type === customResourceTypes.inferenceService && template.role === 'predictor';
      if (isPredictor) continue;
      for (const container of template.containers) {
        const resources = container.resources;
        if (resources?.limits?.[gpuResource] === undefined && resources?.requests?.[gpuResource] === undefined)
          continue;
        report(
          violation(
            kindOf(args.type),
            args.name,
            `${containerPlace(template, container)} requests ${gpuResource}, but only InferenceService predictors may`,
            `remove ${gpuResource} from its resources (run GPU inference in the predictor)`,
          ),
        );
      }
    }
  },
};
