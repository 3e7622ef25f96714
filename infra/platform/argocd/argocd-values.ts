/** Helm values of Argo CD: what GitOps delivery of the application needs, nothing more. */
export function argocdValues(replicas: number): Record<string, unknown> {
  return {
    // Sign-in goes through Kubernetes (port-forward with the admin secret); no SSO broker to run.
    dex: { enabled: false },
    // Nobody subscribes to sync notifications yet.
    notifications: { enabled: false },
    server: { replicas },
    repoServer: { replicas },
  };
}

export interface RepositoryCredentialsInput {
  /** HTTPS URL of the private Git repository. */
  readonly url: string;
  /** User name sent with the token (GitHub accepts any non-empty name with a token). */
  readonly username: string;
}

/**
 * Labels and non-secret fields of the repository Secret: Argo CD reads any Secret in its namespace
 * labelled `argocd.argoproj.io/secret-type: repository` as credentials for `url`.
 */
export function repositorySecretMetadata(name: string, namespace: string) {
  return { name, namespace, labels: { 'argocd.argoproj.io/secret-type': 'repository' } };
}

export function repositorySecretFields(input: RepositoryCredentialsInput): Record<string, string> {
  return { type: 'git', url: input.url, username: input.username };
}
