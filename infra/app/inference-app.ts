import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesObject } from './app-values';

export interface InferenceAppArgs {
  /** The objects to create, as the pure builders return them (in apply order). */
  objects: readonly KubernetesObject[];
  /** Kubernetes provider of the cluster. */
  provider: k8s.Provider;
  /** What every object waits for: CRDs, operators and the webhooks that admit the objects. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Pulumi name of one object: unique per kind, namespace and name. */
export function objectResourceName(prefix: string, object: KubernetesObject): string {
  const namespace = object.metadata.namespace === undefined ? '' : `${object.metadata.namespace}-`;
  return `${prefix}-${object.kind.toLowerCase()}-${namespace}${object.metadata.name}`;
}

/**
 * Creates one object. Its type token is `kubernetes:<apiVersion>:<Kind>` whatever the kind, the
 * same token the typed classes register (`kubernetes:apps/v1:Deployment`), so the provider applies
 * its usual readiness checks; one generic path keeps the objects exactly as the builders (and the
 * rendered manifests) have them.
 */
function createObject(
  name: string,
  object: KubernetesObject,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  return new k8s.apiextensions.CustomResource(name, { ...object, metadata: { ...object.metadata } }, opts);
}

/**
 * The inference application delivered by Pulumi: creates each object the pure builders return,
 * in order, each after the platform is ready.
 */
export class InferenceApp extends pulumi.ComponentResource {
  /** The created resources, in the order of `args.objects`. */
  readonly resources: readonly pulumi.CustomResource[];

  constructor(name: string, args: InferenceAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:app:InferenceApp', name, {}, opts);
    const childOptions = { parent: this, provider: args.provider, dependsOn: args.dependsOn ?? [] };
    this.resources = args.objects.map((object) => createObject(objectResourceName(name, object), object, childOptions));
    this.registerOutputs({});
  }
}
