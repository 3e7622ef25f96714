import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesObject } from './app-values';

export interface InferenceAppArgs {
  /** The objects to create, as the pure builders return them (in apply order). */
  objects: readonly KubernetesObject[];
  /** What every object waits for: CRDs, operators and the webhooks that admit the objects. */
  dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
  /**
   * Do not wait for workloads to become ready (`pulumi.com/skipAwait`): only for an API server
   * with no kubelet, where no pod ever starts.
   */
  skipAwait?: boolean;
}

/** Pulumi name of one object: unique per kind, namespace and name. */
export function objectResourceName(prefix: string, object: KubernetesObject): string {
  const namespace = object.metadata.namespace === undefined ? '' : `${object.metadata.namespace}-`;
  return `${prefix}-${object.kind.toLowerCase()}-${namespace}${object.metadata.name}`;
}

/**
 * The type token the engine records for an object: `kubernetes:<group>/<version>:<Kind>`, where
 * the core group is spelled `core` (`kubernetes:core/v1:ConfigMap`), as the typed SDK classes and
 * the policies name it.
 */
export function kubernetesTypeToken(object: Pick<KubernetesObject, 'apiVersion' | 'kind'>): string {
  const groupVersion = object.apiVersion.includes('/') ? object.apiVersion : `core/${object.apiVersion}`;
  return `kubernetes:${groupVersion}:${object.kind}`;
}

type Create = (name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Creates objects through a typed class; the builders' plain data is what the class's arguments describe. */
function typed<Args>(
  Class: new (name: string, args: Args, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource,
): Create {
  return (name, object, opts) => new Class(name, object as Args, opts);
}

/**
 * Built-in kinds the app emits, created through their typed classes: a generic custom resource
 * would record the core group as `kubernetes:v1:<Kind>`, which no policy matches.
 */
const builtInKinds: Readonly<Record<string, Create>> = {
  'kubernetes:core/v1:ConfigMap': typed(k8s.core.v1.ConfigMap),
  'kubernetes:core/v1:Secret': typed(k8s.core.v1.Secret),
  'kubernetes:core/v1:Service': typed(k8s.core.v1.Service),
  'kubernetes:core/v1:ServiceAccount': typed(k8s.core.v1.ServiceAccount),
  'kubernetes:apps/v1:Deployment': typed(k8s.apps.v1.Deployment),
  'kubernetes:policy/v1:PodDisruptionBudget': typed(k8s.policy.v1.PodDisruptionBudget),
  'kubernetes:networking.k8s.io/v1:NetworkPolicy': typed(k8s.networking.v1.NetworkPolicy),
};

/** API groups of Kubernetes itself: their kinds need a typed class above, never the generic path. */
const builtInGroups = new Set([
  'core',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
]);

function createObject(
  name: string,
  object: KubernetesObject,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const token = kubernetesTypeToken(object);
  const typed = builtInKinds[token];
  if (typed !== undefined) return typed(name, object, opts);
  const group = token.slice('kubernetes:'.length, token.indexOf('/'));
  if (builtInGroups.has(group))
    throw new Error(`${token}: add its typed class to builtInKinds (infra/app/inference-app.ts)`);
  // Custom resources: the token carries the CRD's group (`kubernetes:keda.sh/v1alpha1:ScaledObject`).
  return new k8s.apiextensions.CustomResource(name, object, opts);
}

function withSkipAwait(object: KubernetesObject): KubernetesObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, 'pulumi.com/skipAwait': 'true' } },
  };
}

/**
 * The inference application delivered by Pulumi: creates each object the pure builders return,
 * in order, each after the platform is ready, through the provider of the component's options.
 */
export class InferenceApp extends pulumi.ComponentResource {
  /** The created resources, in the order of `args.objects`. */
  readonly resources: readonly pulumi.CustomResource[];

  constructor(name: string, args: InferenceAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:app:InferenceApp', name, {}, opts);
    const childOptions = { parent: this, dependsOn: args.dependsOn ?? [] };
    this.resources = args.objects.map((object) =>
      createObject(
        objectResourceName(name, object),
        args.skipAwait === true ? withSkipAwait(object) : object,
        childOptions,
      ),
    );
    this.registerOutputs({});
  }
}
