/**
 * GKE admits pods of the `system-node-critical` and `system-cluster-critical` priority classes only
 * in namespaces with a ResourceQuota scoped to those classes (it ships one for kube-system only);
 * elsewhere the DaemonSet fails with "insufficient quota to match these scopes". The DCGM exporter
 * keeps its upstream `system-node-critical` class, so it is not the first pod evicted from a
 * full GPU node, and this quota lets it in.
 */
export function criticalPodsQuota(namespace: string, maxPods: number) {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'critical-pods', namespace },
    spec: {
      hard: { pods: String(maxPods) },
      scopeSelector: {
        matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] }],
      },
    },
  };
}
