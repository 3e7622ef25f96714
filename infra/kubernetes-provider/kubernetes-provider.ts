import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { buildKubeconfig } from './kubeconfig';

export interface ClusterAccessArgs {
  /** Cluster name. */
  clusterName: pulumi.Input<string>;
  /** Control-plane endpoint. */
  endpoint: pulumi.Input<string>;
  /** Base64 PEM of the cluster CA. */
  caCertificate: pulumi.Input<string>;
  /** Resources the provider must wait for (the node pools, so workloads have somewhere to run). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The Kubernetes provider every in-cluster resource uses, and the kubeconfig it was built from. */
export class ClusterAccess extends pulumi.ComponentResource {
  /** Kubeconfig (secret output): stack output for `kubectl`. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;

  constructor(name: string, args: ClusterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:kubernetes:ClusterAccess', name, {}, opts);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([args.clusterName, args.endpoint, args.caCertificate])
        .apply(([clusterName, endpoint, caCertificate]) => buildKubeconfig({ clusterName, endpoint, caCertificate })),
    );
    this.provider = new k8s.Provider(
      `${name}-provider`,
      {
        kubeconfig: this.kubeconfig,
        // Server-side apply lets Helm charts and our objects share fields without fighting.
        enableServerSideApply: true,
      },
      { parent: this, ...(args.dependsOn === undefined ? {} : { dependsOn: args.dependsOn }) },
    );
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}

export interface ExistingClusterAccessArgs {
  /** Kubeconfig of the cluster (secret): the stack's `kubeconfig` secret, or the file `KUBECONFIG` names. */
  kubeconfig: pulumi.Input<string>;
  /** Context of the kubeconfig to use; its current context when unset. */
  context?: string;
}

/** The Kubernetes provider of a cluster the stack does not create. */
export class ExistingClusterAccess extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;

  constructor(name: string, args: ExistingClusterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:kubernetes:ExistingClusterAccess', name, {}, opts);
    this.provider = new k8s.Provider(
      `${name}-provider`,
      {
        kubeconfig: pulumi.secret(args.kubeconfig),
        ...(args.context === undefined ? {} : { context: args.context }),
        enableServerSideApply: true,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
