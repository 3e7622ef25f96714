/**
 * What the add-ons' controllers are configured with on a stack: the one source for the Helm releases
 * and `KnativeServing` the program installs and for the controllers of the local cluster.
 */
import { istioGatewaySelector, knativeLocalGatewayService } from '../infra/platform/istio/istio';
import type { KnativeServingInput } from '../infra/platform/knative/knative-serving';
import type { KServeValuesInput } from '../infra/platform/kserve/kserve-values';
import { knativeAutoscaling, type PlatformConfig } from './config/platform';
import { platformNamespaces } from './platform-namespaces';

/** The `KnativeServing` object's input: Serving's namespace, replicas, autoscaling and gateway. */
export function knativeServingInput(config: PlatformConfig): KnativeServingInput {
  return {
    namespace: platformNamespaces.knativeServing,
    replicas: config.platformReplicas,
    autoscaling: knativeAutoscaling(config),
    gatewaySelector: istioGatewaySelector,
  };
}

/** The gateways KServe's controller routes InferenceServices through (Knative's, on Istio's pods). */
export function kserveGateways(): KServeValuesInput {
  const knative = platformNamespaces.knativeServing;
  return {
    ingressGateway: `${knative}/knative-ingress-gateway`,
    localGateway: `${knative}/knative-local-gateway`,
    localGatewayService: knativeLocalGatewayService(platformNamespaces.istio),
  };
}
