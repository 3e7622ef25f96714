import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { argocdValues, repositorySecretFields, repositorySecretMetadata } from './argocd-values';

export interface ArgoCdArgs {
  /** Namespace of Argo CD (Applications and repository secrets live there too). */
  readonly namespace: string;
  /** Replicas of the API server and repository server. */
  readonly replicas: number;
  /** HTTPS URL of the private Git repository holding the rendered manifests. */
  readonly repositoryUrl: string;
  /** User name sent with the token. */
  readonly repositoryUsername: string;
  /** Access token for the repository (a Pulumi secret). */
  readonly gitToken: pulumi.Input<string>;
}

/** Argo CD with read access to the private repository whose manifests it syncs. */
export class ArgoCd extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;
  readonly repositorySecret: k8s.core.v1.Secret;
  readonly namespace: string;

  constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:ArgoCd', name, {}, opts);
    const { namespace } = args;
    this.namespace = namespace;
    this.release = chartRelease(
      `${name}-release`,
      {
        releaseName: 'argocd',
        source: charts.argocd,
        namespace,
        ownsNamespace: true,
        values: argocdValues(args.replicas),
      },
      { parent: this },
    );
    this.repositorySecret = new k8s.core.v1.Secret(
      `${name}-repository`,
      {
        metadata: repositorySecretMetadata('category-match-repository', namespace),
        // The token stays a Pulumi secret: encrypted in state, masked in previews.
        stringData: pulumi.secret(args.gitToken).apply((password) => ({
          ...repositorySecretFields({ url: args.repositoryUrl, username: args.repositoryUsername }),
          password,
        })),
      },
      { parent: this, dependsOn: [this.release] },
    );
    this.registerOutputs({ namespace });
  }
}
