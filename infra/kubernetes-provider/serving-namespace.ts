import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/**
 * Labels of the serving namespace: the standard labels, plus Istio sidecar injection because the
 * platform enforces STRICT mutual TLS there and a pod without a sidecar could not be reached.
 */
export function servingNamespaceLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return { ...labels, 'istio-injection': 'enabled' };
}

export interface ServingNamespaceArgs {
  /** Namespace name. */
  name: string;
  /** Standard labels (sidecar injection is added). */
  labels: Readonly<Record<string, string>>;
  /** Plain service accounts to create in it (on GKE the identities component makes bound ones instead). */
  serviceAccounts?: readonly string[];
}

/** The namespace the inference service, its service accounts and the model store claims live in. */
export class ServingNamespace extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  readonly serviceAccounts: readonly k8s.core.v1.ServiceAccount[];
  /** The namespace's name, known once it exists (so dependants wait for it). */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: ServingNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:kubernetes:ServingNamespace', name, {}, opts);
    this.namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: args.name, labels: servingNamespaceLabels(args.labels) } },
      { parent: this },
    );
    this.name = this.namespace.metadata.name;
    this.serviceAccounts = (args.serviceAccounts ?? []).map(
      (account) =>
        new k8s.core.v1.ServiceAccount(
          `${name}-${account}`,
          { metadata: { name: account, namespace: this.name, labels: { ...args.labels } } },
          { parent: this },
        ),
    );
    this.registerOutputs({ name: this.name });
  }
}
