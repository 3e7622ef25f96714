import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { createCustomResource } from '../custom-resource';
import { strictPeerAuthentication } from './peer-authentication';

export interface StrictMtlsArgs {
  /**
   * Application namespaces (created elsewhere) whose workloads accept mutual TLS only, by role
   * (`serving`, ...); pass the namespace's name output so the policy waits for the namespace.
   */
  readonly namespaces: Readonly<Record<string, pulumi.Input<string>>>;
  /** istiod, where this program installs it: its webhook validates the policies. */
  readonly istioReady: readonly pulumi.Resource[];
}

/** STRICT mutual TLS in the application namespaces, on whichever Istio the cluster runs. */
export class StrictMtls extends pulumi.ComponentResource {
  readonly peerAuthentications: k8s.apiextensions.CustomResource[];

  constructor(name: string, args: StrictMtlsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:StrictMtls', name, {}, opts);
    this.peerAuthentications = Object.entries(args.namespaces).map(([role, namespace]) =>
      createCustomResource(`${name}-${role}`, strictPeerAuthentication(namespace), {
        parent: this,
        dependsOn: [...args.istioReady],
      }),
    );
    this.registerOutputs({});
  }
}
