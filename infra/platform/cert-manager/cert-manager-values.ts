/** Helm values of cert-manager: its CRDs installed by the chart, replicas for availability. */
export function certManagerValues(replicas: number): Record<string, unknown> {
  return {
    // The CRDs come with the release so they exist before anything uses them, and `keep` spares
    // every Certificate in the cluster if the release is ever uninstalled.
    crds: { enabled: true, keep: true },
    replicaCount: replicas,
    webhook: { replicaCount: replicas },
    cainjector: { replicaCount: replicas },
  };
}
