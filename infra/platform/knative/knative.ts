import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { createCustomResource } from '../custom-resource';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import type { KnativeServingInput } from './knative-serving';
import { knativeOperatorValues, knativeServing } from './knative-serving';

export interface KnativeArgs {
  /** Namespace of the Knative Operator. */
  readonly operatorNamespace: string;
  /** What the `KnativeServing` object sets (its namespace is Serving's control plane's). */
  readonly serving: KnativeServingInput;
  /** The Istio ingress gateway: Knative's networking layer configures it, so it must exist first. */
  readonly istioReady: readonly pulumi.Resource[];
}

/** Knative Serving, installed and upgraded by the Knative Operator from one `KnativeServing` object. */
export class Knative extends pulumi.ComponentResource {
  readonly operator: k8s.helm.v3.Release;
  readonly servingNamespace: k8s.core.v1.Namespace;
  readonly serving: k8s.apiextensions.CustomResource;

  constructor(name: string, args: KnativeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:Knative', name, {}, opts);
    this.operator = chartRelease(
      `${name}-operator`,
      {
        releaseName: 'knative-operator',
        source: charts.knativeOperator,
        namespace: args.operatorNamespace,
        ownsNamespace: true,
        values: knativeOperatorValues(),
      },
      { parent: this },
    );
    this.servingNamespace = new k8s.core.v1.Namespace(
      `${name}-serving-ns`,
      {
        metadata: {
          name: args.serving.namespace,
          // The activator and autoscaler call into namespaces that demand mutual TLS: they need sidecars.
          labels: { 'istio-injection': 'enabled' },
        },
      },
      { parent: this },
    );
    // The operator owns the KnativeServing CRD; Istio's gateway must be up for Knative's networking layer.
    this.serving = createCustomResource(`${name}-serving`, knativeServing(args.serving), {
      parent: this,
      dependsOn: [this.operator, this.servingNamespace, ...args.istioReady],
    });
    this.registerOutputs({ servingNamespace: this.servingNamespace.metadata.name });
  }
}
