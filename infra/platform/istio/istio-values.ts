/** Helm values of Istio's three charts (base: CRDs and cluster roles; istiod: control plane; gateway: ingress). */

export interface IstioValuesInput {
  /** Namespace of istiod and the gateway. */
  readonly namespace: string;
  /** Minimum replicas of istiod and the gateway (2+ keeps the mesh up while a node drains). */
  readonly replicas: number;
}

export function istioBaseValues(input: IstioValuesInput): Record<string, unknown> {
  return { global: { istioNamespace: input.namespace } };
}

export function istiodValues(input: IstioValuesInput): Record<string, unknown> {
  return {
    // Upstream's GKE profile (CNI binary paths and the like of GKE nodes).
    platform: 'gke',
    global: { istioNamespace: input.namespace },
    autoscaleMin: input.replicas,
    autoscaleMax: Math.max(input.replicas, 3),
    meshConfig: {
      // Sidecars serve the application's own metrics merged on port 15020 in plain HTTP, so the
      // managed Prometheus collectors outside the mesh can scrape pods that demand mutual TLS.
      enablePrometheusMerge: true,
      // The worker's first Kafka or model call would fail while its sidecar is still starting.
      defaultConfig: { holdApplicationUntilProxyStarts: true },
    },
  };
}

export function istioGatewayValues(input: IstioValuesInput): Record<string, unknown> {
  return {
    platform: 'gke',
    // The model API is called from inside the cluster only; no external load balancer to pay for or expose.
    service: { type: 'ClusterIP' },
    autoscaling: { minReplicas: input.replicas, maxReplicas: Math.max(input.replicas, 3) },
  };
}
