import { stringify } from 'yaml';

export interface KubeconfigArgs {
  /** Name of the context (the cluster name). */
  readonly clusterName: string;
  /** Control-plane endpoint (IP address or host name, without scheme). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as GKE reports it. */
  readonly caCertificate: string;
}

/**
 * A kubeconfig that authenticates through `gke-gcloud-auth-plugin` (short-lived tokens from the
 * caller's gcloud credentials), so no static credential is ever written to the state.
 */
export function buildKubeconfig(args: KubeconfigArgs): string {
  if (args.endpoint === '') throw new Error(`Cluster ${args.clusterName} reports no endpoint`);
  const name = args.clusterName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name, cluster: { server: `https://${args.endpoint}`, 'certificate-authority-data': args.caCertificate } },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'gke-gcloud-auth-plugin',
            installHint: 'Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
            provideClusterInfo: true,
          },
        },
      },
    ],
  });
}
