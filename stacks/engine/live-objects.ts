import { kubectl } from '../../scripts/cluster/kubectl';

/**
 * Is a resource of the stack an object on the server? Every custom resource of the Kubernetes
 * provider is, except a Helm release (the chart's objects are not the program's).
 */
export function isServerObject(resource: { readonly type: string; readonly custom?: boolean }): boolean {
  return (
    resource.custom === true &&
    resource.type.startsWith('kubernetes:') &&
    resource.type !== 'kubernetes:helm.sh/v3:Release'
  );
}

/** Which object: enough to read it back from the server. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The reference of a declared object (its `apiVersion`, `kind` and `metadata`). */
export function objectRef(object: Readonly<Record<string, unknown>>): ObjectRef {
  const metadata = (object['metadata'] ?? {}) as Record<string, unknown>;
  const [apiVersion, kind, name, namespace] = [
    object['apiVersion'],
    object['kind'],
    metadata['name'],
    metadata['namespace'],
  ];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
    throw new Error(`not a Kubernetes object: ${JSON.stringify(object).slice(0, 200)}`);
  }
  return { apiVersion, kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) };
}

/** kubectl's fully qualified resource name, `Kind.version.group` (just `Kind` in the core group). */
export function kubectlResource(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): string {
  const [group, version] = ref.apiVersion.split('/');
  return version === undefined ? ref.kind : `${ref.kind}.${version}.${group}`;
}

/** True when the server says the object does not exist; any other failure is thrown. */
export async function isGone(bin: string, kubeconfig: string, ref: ObjectRef): Promise<boolean> {
  try {
    await liveObject(bin, kubeconfig, ref);
    return false;
  } catch (error) {
    if (error instanceof Error && /\(NotFound\)/.test(error.message)) return true;
    throw error;
  }
}

/** The object as the server holds it; fails (with kubectl's NotFound message) when it is not there. */
export async function liveObject(bin: string, kubeconfig: string, ref: ObjectRef): Promise<Record<string, unknown>> {
  const namespace = ref.namespace === undefined ? [] : ['--namespace', ref.namespace];
  const json = await kubectl(bin, kubeconfig, [
    'get',
    kubectlResource(ref),
    ref.name,
    ...namespace,
    '--output',
    'json',
  ]);
  return JSON.parse(json) as Record<string, unknown>;
}
