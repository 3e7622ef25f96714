import type { RecordedResource } from '../testing';
import type { ChartValuesReference } from './helm/values-keys';
import { unknownValuesKeys } from './helm/values-keys';
import { valuesSchemaErrors } from './helm/values-schema';
import type { ChartKey, ChartSource } from './versions';
import { charts } from './versions';

/** Logical names of the platform's components; every resource they create is named `<component>-...`. */
export const platformComponentNames = [
  'istio',
  'cert-manager',
  'knative',
  'kserve',
  'kafka',
  'keda',
  'monitoring',
  'argocd',
] as const;

/** Resources of a recorded program that belong to the platform. */
export function platformResources(resources: readonly RecordedResource[]): RecordedResource[] {
  return resources.filter((resource) =>
    platformComponentNames.some(
      (component) => resource.name === component || resource.name.startsWith(`${component}-`),
    ),
  );
}

const exactVersion = /^v?\d+\.\d+\.\d+$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The pinned chart a recorded Helm release installs, or undefined when it is none of them. */
export function chartOfRelease(release: RecordedResource): ChartKey | undefined {
  const entries = Object.entries(charts) as [ChartKey, ChartSource][];
  return entries.find(([, source]) => source.chart === release.inputs['chart'])?.[0];
}

/**
 * Problems of one recorded Helm release: the chart must be one of the pinned charts at its exact
 * version, from its repository (or OCI reference), with a namespace, and only keys the chart knows,
 * of the types its values schema declares.
 */
export function helmReleaseProblems(
  release: RecordedResource,
  referenceValues: (chart: ChartKey) => ChartValuesReference,
): string[] {
  const where = `Helm release ${release.name}`;
  const chart = chartOfRelease(release);
  if (chart === undefined) return [`${where}: chart ${String(release.inputs['chart'])} is not pinned in versions.ts`];
  const source: ChartSource = charts[chart];
  const problems: string[] = [];
  const version = text(release.inputs['version']);
  if (version === undefined || !exactVersion.test(version))
    problems.push(`${where}: version "${String(version)}" is not exact`);
  if (version !== source.version)
    problems.push(`${where}: version ${String(version)} differs from versions.ts (${source.version})`);
  const repositoryOpts = release.inputs['repositoryOpts'];
  const repo =
    typeof repositoryOpts === 'object' && repositoryOpts !== null && 'repo' in repositoryOpts
      ? text(repositoryOpts.repo)
      : undefined;
  if (source.repo === undefined ? !source.chart.startsWith('oci://') : repo !== source.repo) {
    problems.push(`${where}: repository ${String(repo)} is not ${String(source.repo ?? 'an OCI reference')}`);
  }
  if (text(release.inputs['namespace']) === undefined) problems.push(`${where}: no namespace`);
  const values = release.inputs['values'] ?? {};
  const reference = referenceValues(chart);
  problems.push(
    ...unknownValuesKeys(values, reference).map(
      (key) => `${where}: values key ${key} does not exist in chart ${chart}`,
    ),
    ...valuesSchemaErrors(values, reference.schema).map((error) => `${where}: values ${error}`),
  );
  return problems;
}
