import { parse } from 'yaml';
import { renderManifests } from '../render';
import { runStackWithMocks, type StackName } from '../testing';
import { isServerObject, objectRef } from './live-objects';

export type KubernetesObject = Record<string, unknown>;

/**
 * Kinds no API server here can check: GKE's managed-Prometheus `PodMonitoring` has no CRD in the
 * reference data. Helm releases are not objects (their values are checked against each chart's
 * defaults and schema by the fast tests).
 */
export const unverifiableKinds = new Set(['PodMonitoring']);

/** The Kubernetes objects a stack's program creates (mocks resolve every input), and what it renders for Argo CD. */
export async function stackObjects(
  stack: StackName,
): Promise<{ created: KubernetesObject[]; rendered: KubernetesObject[] }> {
  const { resources } = await runStackWithMocks(stack, { secrets: { gitToken: 'token-under-test' } });
  const created = resources.filter(isServerObject).map((resource) => resource.inputs);
  const rendered = [...renderManifests(stack).values()].map((text) => parse(text) as KubernetesObject);
  return { created, rendered };
}

export function describeObject(object: KubernetesObject): string {
  const ref = objectRef(object);
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}

/**
 * The namespaces the objects need: those they declare, and those the Helm releases would create
 * (argocd, kafka, ...) made as Helm makes them.
 */
export function namespacesOf(objects: readonly KubernetesObject[]): KubernetesObject[] {
  const declared = objects.filter((object) => object['kind'] === 'Namespace');
  const referenced = new Set(objects.map((object) => objectRef(object).namespace).filter((name) => name !== undefined));
  return [
    ...declared,
    ...[...referenced]
      .filter((name) => !declared.some((object) => objectRef(object).name === name))
      .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
  ];
}
