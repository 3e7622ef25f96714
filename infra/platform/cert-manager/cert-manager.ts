import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { certManagerValues } from './cert-manager-values';

export interface CertManagerArgs {
  /** Namespace of cert-manager. */
  readonly namespace: string;
  /** Replicas of the controller, webhook and CA injector. */
  readonly replicas: number;
}

/** cert-manager with its CRDs: issues the serving certificates of KServe's admission webhooks. */
export class CertManager extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:CertManager', name, {}, opts);
    this.release = chartRelease(
      `${name}-release`,
      {
        releaseName: 'cert-manager',
        source: charts.certManager,
        namespace: args.namespace,
        ownsNamespace: true,
        values: certManagerValues(args.replicas),
      },
      { parent: this },
    );
    this.registerOutputs({ status: this.release.status });
  }
}
