/** Helm values of KServe's controller chart (`kserve-resources`); the CRD chart takes none. */

export interface KServeValuesInput {
  /** Istio gateway Knative routes external traffic through, `<namespace>/<name>`. */
  readonly ingressGateway: string;
  /** Cluster-local Istio gateway, `<namespace>/<name>`, and its service's host name. */
  readonly localGateway: string;
  readonly localGatewayService: string;
}

export function kserveResourcesValues(input: KServeValuesInput): Record<string, unknown> {
  return {
    kserve: {
      controller: {
        // KServe's serverless mode: every InferenceService becomes Knative Services that scale to zero.
        deploymentMode: 'Knative',
        gateway: {
          ingressGateway: { gateway: input.ingressGateway, className: 'istio' },
          localGateway: { gateway: input.localGateway, gatewayService: input.localGatewayService },
        },
      },
    },
  };
}
