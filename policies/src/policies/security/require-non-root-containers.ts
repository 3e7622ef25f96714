import type { ResourceValidationPolicy } from '@pulumi/policy';
import { kindOf } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import type { ContainerView } from '../../kubernetes/schemas';
import type { PodTemplatePart } from '../../kubernetes/workloads';
import { containerPlace, podTemplates } from '../../kubernetes/workloads';

/**
 * Container settings override the pod's; a non-zero runAsUser is as good as runAsNonRoot. The
 * predictor's model container takes what it leaves unset from its serving runtime, which this
 * policy checks as a resource of its own, so there only an explicit root setting counts.
 */
export function runsAsNonRoot(template: PodTemplatePart, container: ContainerView): boolean {
  const own = container.securityContext;
  const pod = template.securityContext;
  const runAsUser = own?.runAsUser ?? pod?.runAsUser;
  if (runAsUser === 0) return false;
  const runAsNonRoot = own?.runAsNonRoot ?? pod?.runAsNonRoot;
  if (container === template.modelContainer) return runAsNonRoot !== false;
  return runAsNonRoot === true || (runAsUser !== undefined && runAsNonRoot !== false);
}

export const requireNonRootContainers: ResourceValidationPolicy = {
  name: 'require-non-root-containers',
  description:
    'Every container the program defines runs as a non-root user, so a compromised process cannot own the node.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    const templates = podTemplates(args, report);
    if (templates === undefined) return args.notApplicable('Policy only applies to workloads');
    for (const template of templates) {
      for (const container of template.containers) {
        if (runsAsNonRoot(template, container)) continue;
        report(
          violation(
            kindOf(args.type),
            args.name,
            `${containerPlace(template, container)} may run as root`,
            'set securityContext.runAsNonRoot: true (on the container or its pod) and a non-zero runAsUser',
          ),
        );
      }
    }
  },
};
