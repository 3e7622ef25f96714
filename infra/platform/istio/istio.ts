import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { istioBaseValues, istioGatewayValues, istiodValues } from './istio-values';

/** Labels of the ingress gateway's pods; the chart derives `istio: ingressgateway` from the release name below. */
export const istioGatewaySelector: Readonly<Record<string, string>> = { istio: 'ingressgateway' };

/** Service host of Knative's cluster-local gateway, which runs on the ingress gateway's pods. */
export function knativeLocalGatewayService(istioNamespace: string): string {
  return `knative-local-gateway.${istioNamespace}.svc.cluster.local`;
}

export interface IstioArgs {
  /** Namespace of istiod and the ingress gateway (`istio-system`, where Knative looks for the gateway). */
  readonly namespace: string;
  /** Minimum replicas of istiod and the gateway. */
  readonly replicas: number;
}

/** Release name of the ingress gateway; the chart derives the pod label `istio: ingressgateway` from it. */
const gatewayReleaseName = 'istio-ingressgateway';

/** Istio service mesh: CRDs (base), then istiod, then the ingress gateway. */
export class Istio extends pulumi.ComponentResource {
  readonly base: k8s.helm.v3.Release;
  readonly istiod: k8s.helm.v3.Release;
  readonly gateway: k8s.helm.v3.Release;
  /** Labels of the ingress gateway's pods (Knative's gateways select them). */
  readonly gatewaySelector = istioGatewaySelector;
  /** Service host of Knative's cluster-local gateway, which runs on the same pods. */
  readonly localGatewayService: string;
  readonly namespace: string;

  constructor(name: string, args: IstioArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:Istio', name, {}, opts);
    const { namespace } = args;
    const input = { namespace, replicas: args.replicas };
    this.namespace = namespace;
    this.localGatewayService = knativeLocalGatewayService(namespace);

    this.base = chartRelease(
      `${name}-base`,
      {
        releaseName: 'istio-base',
        source: charts.istioBase,
        namespace,
        ownsNamespace: true,
        values: istioBaseValues(input),
      },
      { parent: this },
    );
    // istiod's validating webhook checks Istio objects against the CRDs that base installs.
    this.istiod = chartRelease(
      `${name}-istiod`,
      { releaseName: 'istiod', source: charts.istiod, namespace, ownsNamespace: false, values: istiodValues(input) },
      { parent: this, dependsOn: [this.base] },
    );
    // The gateway's proxies fetch their configuration and certificates from istiod at start.
    this.gateway = chartRelease(
      `${name}-gateway`,
      {
        releaseName: gatewayReleaseName,
        source: charts.istioGateway,
        namespace,
        ownsNamespace: false,
        values: istioGatewayValues(input),
      },
      { parent: this, dependsOn: [this.istiod] },
    );
    this.registerOutputs({
      namespace,
      gatewaySelector: this.gatewaySelector,
      localGatewayService: this.localGatewayService,
    });
  }
}
