/** Helm values of KEDA (operator, metrics API server, admission webhooks; CRDs with the chart). */
export function kedaValues(replicas: number): Record<string, unknown> {
  return {
    crds: { install: true },
    operator: { replicaCount: replicas },
    metricsServer: { replicaCount: replicas },
    webhooks: { replicaCount: replicas },
  };
}
