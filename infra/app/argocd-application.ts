import type { KubernetesObject } from './app-values';

export interface ArgocdApplicationInput {
  /** Application name, e.g. `category-match-ops`. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** HTTPS URL of the Git repository. */
  readonly repoUrl: string;
  /** Branch, tag or commit to follow. */
  readonly revision: string;
  /** Folder of rendered manifests in the repository, e.g. `stacks/ops/manifests`. */
  readonly path: string;
  /** Namespace the objects go to when they name none. */
  readonly destinationNamespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * GitOps delivery: Argo CD keeps the cluster equal to the rendered manifests in Git, deletes what
 * was removed there (prune) and reverts changes made by hand (self-heal).
 */
export function argocdApplication(input: ArgocdApplicationInput): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: input.name,
      namespace: input.argocdNamespace,
      labels: { ...input.labels },
      // Deleting the Application (pulumi destroy) deletes the objects it synced, not just itself.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: {
        repoURL: input.repoUrl,
        targetRevision: input.revision,
        path: input.path,
        directory: { recurse: false },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: input.destinationNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Custom resources whose CRDs the platform installs are known by the time this syncs.
        syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  };
}
