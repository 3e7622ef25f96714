import { createHash } from 'node:crypto';
import { missing, present, reasonOf, unknown, type Presence } from './lookup';

/** The file a store writes last for a version (publish-model's checksums manifest): its presence means complete. */
export const versionCompleteMarker = 'checksums.sha256';

/**
 * A model disk (`pvc://`) can only be read from a pod, so publish-model records each version it
 * has verified and committed there as a ConfigMap in the claim's namespace; the program reads the
 * record instead of the disk. The name is readable and unique per storage URI.
 */
export function modelVersionRecordName(storageUri: string): string {
  const readable = storageUri
    .replace(/^[a-z]+:\/\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 38)
    .replace(/-+$/, '');
  const digest = createHash('sha256').update(storageUri).digest('hex').slice(0, 10);
  // 14 + 38 + 1 + 10 = 63 characters at most: a DNS label.
  return `model-version-${readable}-${digest}`;
}

export interface ModelVersionRecordArgs {
  readonly namespace: string;
  readonly storageUri: string;
  readonly modelName: string;
  readonly version: string;
  /** The checksums manifest as written to the store. */
  readonly checksums: string;
  readonly publishedAt: Date;
}

/** The ConfigMap publish-model applies once a version is committed. */
export function modelVersionRecord(args: ModelVersionRecordArgs): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: modelVersionRecordName(args.storageUri),
      namespace: args.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'publish-model', 'app.kubernetes.io/part-of': 'category-match' },
    },
    data: {
      storageUri: args.storageUri,
      model: args.modelName,
      version: args.version,
      [versionCompleteMarker]: args.checksums,
      publishedAt: args.publishedAt.toISOString(),
    },
  };
}

/** Reads a ConfigMap's data, or undefined when the API server answers 404. */
export type ConfigMapReader = (namespace: string, name: string) => Promise<Record<string, string> | undefined>;

/** A reader over a kubeconfig's current context, through the Kubernetes client library. */
export function kubeconfigConfigMapReader(kubeconfig: string): ConfigMapReader {
  return async (namespace, name) => {
    const { ApiException, CoreV1Api, KubeConfig } = await import('@kubernetes/client-node');
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    try {
      const configMap = await config.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name, namespace });
      return configMap.data ?? {};
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  };
}

/** Whether a `pvc://` model version has been published, from its record in the claim's namespace. */
export function recordedModelLookup(
  namespace: string,
  read: ConfigMapReader,
): (storageUri: string) => Promise<Presence> {
  return async (storageUri) => {
    try {
      const data = await read(namespace, modelVersionRecordName(storageUri));
      return data?.['storageUri'] === storageUri ? present : missing;
    } catch (error) {
      return unknown(`cannot read the version records in namespace ${namespace}: ${reasonOf(error)}`);
    }
  };
}
