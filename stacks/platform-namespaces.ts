/**
 * Fixed namespaces of the add-ons (upstream's own names, which their docs and tools assume), in a
 * module of their own so tools such as the local API server read them without the Pulumi components.
 */
export const platformNamespaces = {
  istio: 'istio-system',
  certManager: 'cert-manager',
  knativeOperator: 'knative-operator',
  knativeServing: 'knative-serving',
  kserve: 'kserve',
  argocd: 'argocd',
  keda: 'keda',
  monitoring: 'gpu-monitoring',
} as const;
