import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { kedaValues } from './keda-values';

export interface KedaArgs {
  /** Namespace of KEDA. */
  readonly namespace: string;
  /** Replicas of the operator, metrics server and webhooks. */
  readonly replicas: number;
}

/** KEDA: scales the worker on consumer lag (its ScaledObject CRD and admission webhooks come with the chart). */
export class Keda extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:Keda', name, {}, opts);
    this.release = chartRelease(
      `${name}-release`,
      {
        releaseName: 'keda',
        source: charts.keda,
        namespace: args.namespace,
        ownsNamespace: true,
        values: kedaValues(args.replicas),
      },
      { parent: this },
    );
    this.registerOutputs({ status: this.release.status });
  }
}
