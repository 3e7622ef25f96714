import * as k8s from '@pulumi/kubernetes';
import type { ReportViolation, ResourceValidationArgs } from '@pulumi/policy';
import { customResourceTypes, parseOrReport } from '../core/custom-resources';
import type { ContainerView, InferenceComponent } from './schemas';
import { inferenceServiceSchema, knativeServiceSchema, servingRuntimeSchema } from './schemas';

interface PodSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
}

/** The part of a pod spec the container policies read; typed pod specs and parsed CRDs both fit. */
interface PodSpecLike {
  securityContext?: PodSecurityContext;
  containers?: readonly ContainerView[];
  initContainers?: readonly ContainerView[];
}

/** One pod template inside a workload: a Deployment has one, an InferenceService one per component. */
export interface PodTemplatePart {
  /** `pod`, or the KServe component (`predictor`, `transformer`, `explainer`), or `runtime`. */
  readonly role: string;
  readonly securityContext: PodSecurityContext | undefined;
  readonly containers: readonly ContainerView[];
  /**
   * The container KServe builds from `predictor.model`: it starts from the serving runtime's
   * container and only overrides what the InferenceService sets, so unset fields come from there.
   */
  readonly modelContainer?: ContainerView;
}

function part(role: string, spec: PodSpecLike | undefined): PodTemplatePart[] {
  if (spec === undefined) return [];
  return [
    {
      role,
      securityContext: spec.securityContext,
      containers: [...(spec.initContainers ?? []), ...(spec.containers ?? [])],
    },
  ];
}

/** The model container KServe builds from `predictor.model` is named `kserve-container`. */
function componentPart(role: string, component: InferenceComponent | undefined): PodTemplatePart[] {
  if (component === undefined) return [];
  if (component.model === undefined) return part(role, component);
  const modelContainer: ContainerView = { name: 'kserve-container', ...component.model };
  return part(role, { ...component, containers: [modelContainer, ...(component.containers ?? [])] }).map(
    (template) => ({
      ...template,
      modelContainer,
    }),
  );
}

/**
 * The pod templates of any workload the program creates (built-in kinds through their typed
 * classes, KServe and Knative kinds by type token), or undefined when the resource runs no pods.
 */
export function podTemplates(args: ResourceValidationArgs, report: ReportViolation): PodTemplatePart[] | undefined {
  const deployment = args.asType(k8s.apps.v1.Deployment);
  if (deployment) return part('pod', deployment.spec?.template?.spec);
  const statefulSet = args.asType(k8s.apps.v1.StatefulSet);
  if (statefulSet) return part('pod', statefulSet.spec?.template?.spec);
  const daemonSet = args.asType(k8s.apps.v1.DaemonSet);
  if (daemonSet) return part('pod', daemonSet.spec?.template?.spec);
  const job = args.asType(k8s.batch.v1.Job);
  if (job) return part('pod', job.spec?.template?.spec);
  const cronJob = args.asType(k8s.batch.v1.CronJob);
  if (cronJob) return part('pod', cronJob.spec?.jobTemplate?.spec?.template?.spec);
  const pod = args.asType(k8s.core.v1.Pod);
  if (pod) return part('pod', pod.spec);
  switch (args.type) {
    case customResourceTypes.inferenceService: {
      const service = parseOrReport(inferenceServiceSchema, args, report);
      if (service === undefined) return [];
      return [
        ...componentPart('predictor', service.spec.predictor),
        ...componentPart('transformer', service.spec.transformer),
        ...componentPart('explainer', service.spec.explainer),
      ];
    }
    case customResourceTypes.servingRuntime:
    case customResourceTypes.clusterServingRuntime: {
      const runtime = parseOrReport(servingRuntimeSchema, args, report);
      return runtime === undefined ? [] : part('runtime', runtime.spec);
    }
    case customResourceTypes.knativeService: {
      const service = parseOrReport(knativeServiceSchema, args, report);
      return service === undefined ? [] : part('pod', service.spec?.template?.spec);
    }
    default:
      return undefined;
  }
}

/** Where a container sits, for messages: `container "worker"` or `predictor container "kserve-container"`. */
export function containerPlace(template: PodTemplatePart, container: ContainerView): string {
  const role = template.role === 'pod' ? '' : `${template.role} `;
  return `${role}container "${container.name ?? '(unnamed)'}"`;
}
