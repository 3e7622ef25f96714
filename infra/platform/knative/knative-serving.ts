import { knativeServingVersion } from '../versions';

/** Cluster-wide autoscaling behaviour of Knative revisions (each InferenceService may override it). */
export interface KnativeAutoscaling {
  readonly scaleToZero: boolean;
  /** Time the last pod stays after traffic stops, e.g. `15m`. */
  readonly scaleDownDelay: string;
  /** Window over which concurrency is averaged, e.g. `60s`. */
  readonly stableWindow: string;
  /** Longest request timeout a revision may set, in seconds. */
  readonly maxRevisionTimeoutSeconds: number;
}

export interface KnativeServingInput {
  /** Namespace of Knative Serving's control plane (`knative-serving`). */
  readonly namespace: string;
  readonly replicas: number;
  readonly autoscaling: KnativeAutoscaling;
  /** Labels selecting the Istio ingress gateway's pods. */
  readonly gatewaySelector: Readonly<Record<string, string>>;
}

/** The `KnativeServing` the Knative Operator reconciles into Knative Serving with Istio networking. */
export function knativeServing(input: KnativeServingInput) {
  const { autoscaling } = input;
  const timeout = String(autoscaling.maxRevisionTimeoutSeconds);
  return {
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeServing',
    metadata: { name: 'knative-serving', namespace: input.namespace },
    spec: {
      version: knativeServingVersion,
      'high-availability': { replicas: input.replicas },
      ingress: { istio: { enabled: true, 'knative-ingress-gateway': { selector: { ...input.gatewaySelector } } } },
      config: {
        network: { 'ingress-class': 'istio.ingress.networking.knative.dev' },
        autoscaler: {
          'enable-scale-to-zero': String(autoscaling.scaleToZero),
          'scale-down-delay': autoscaling.scaleDownDelay,
          'stable-window': autoscaling.stableWindow,
        },
        defaults: { 'max-revision-timeout-seconds': timeout },
        deployment: {
          // A revision on a GPU node pool at zero waits for a node, its driver and the image; the
          // default ten minutes would mark such a revision failed while it is still coming up.
          'progress-deadline': `${timeout}s`,
        },
        features: {
          // KServe places predictors on the GPU pool with node selectors, tolerations and affinity,
          // and mounts the model disk as a volume claim: Knative refuses these fields unless enabled.
          'kubernetes.podspec-nodeselector': 'enabled',
          'kubernetes.podspec-tolerations': 'enabled',
          'kubernetes.podspec-affinity': 'enabled',
          'kubernetes.podspec-persistent-volume-claim': 'enabled',
        },
      },
    },
  };
}

/** Helm values of the Knative Operator chart: upstream's defaults fit (one small operator and webhook). */
export function knativeOperatorValues(): Record<string, unknown> {
  return {};
}
