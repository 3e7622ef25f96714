import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { type KServeValuesInput, kserveResourcesValues } from './kserve-values';

export interface KServeArgs {
  /** Namespace of the KServe controller. */
  readonly namespace: string;
  /** The gateways Knative routes through, as the chart's values name them. */
  readonly gateways: KServeValuesInput;
  /** cert-manager: issues the controller's webhook certificate, so it must admit requests first. */
  readonly certManagerReady: readonly pulumi.Resource[];
  /** Knative Serving: the controller in serverless mode needs its CRDs at start. */
  readonly knativeReady: readonly pulumi.Resource[];
}

/** KServe in serverless mode: CRDs first, then the controller and its webhooks. */
export class KServe extends pulumi.ComponentResource {
  readonly crds: k8s.helm.v3.Release;
  readonly controller: k8s.helm.v3.Release;

  constructor(name: string, args: KServeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:KServe', name, {}, opts);
    const { namespace } = args;
    this.crds = chartRelease(
      `${name}-crds`,
      { releaseName: 'kserve-crd', source: charts.kserveCrd, namespace, ownsNamespace: true, values: {} },
      { parent: this },
    );
    this.controller = chartRelease(
      `${name}-controller`,
      {
        releaseName: 'kserve',
        source: charts.kserveResources,
        namespace,
        ownsNamespace: false,
        values: kserveResourcesValues(args.gateways),
      },
      { parent: this, dependsOn: [this.crds, ...args.certManagerReady, ...args.knativeReady] },
    );
    this.registerOutputs({ status: this.controller.status });
  }
}
