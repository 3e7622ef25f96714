import type { ResourceValidationArgs } from '@pulumi/policy';

/**
 * Where each labelled GCP resource keeps its labels. Clusters and node pools put theirs on the
 * VMs they create (`resourceLabels`), which is what billing reports group by.
 */
const labelFields: Readonly<Record<string, readonly string[]>> = {
  'gcp:container/cluster:Cluster': ['resourceLabels'],
  'gcp:container/nodePool:NodePool': ['nodeConfig', 'resourceLabels'],
  'gcp:compute/disk:Disk': ['labels'],
  'gcp:compute/instance:Instance': ['labels'],
  'gcp:compute/address:Address': ['labels'],
  'gcp:compute/globalAddress:GlobalAddress': ['labels'],
  'gcp:compute/snapshot:Snapshot': ['labels'],
  'gcp:storage/bucket:Bucket': ['labels'],
  'gcp:artifactregistry/repository:Repository': ['labels'],
  'gcp:pubsub/topic:Topic': ['labels'],
  'gcp:secretmanager/secret:Secret': ['labels'],
};

/** The field path holding a GCP resource's labels, or undefined when its type takes none. */
export function labelFieldOf(type: string, props: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  return labelFields[type] ?? ('labels' in props ? ['labels'] : undefined);
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The labels a GCP resource ends up with: the provider's `defaultLabels` and its own. */
export function effectiveLabels(args: ResourceValidationArgs, field: readonly string[]): Record<string, string> {
  const defaults: unknown = args.provider?.props['defaultLabels'];
  return { ...stringRecord(defaults), ...stringRecord(at(args.props, field)) };
}
