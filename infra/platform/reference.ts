import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ChartValuesReference } from './helm/values-keys';
import type { ChartKey } from './versions';

/**
 * Where the upstream chart defaults, value schemas and CRDs of the pinned versions live: the
 * shared reference data beside the repository (`../shared/reference/`, see its README).
 */
const repoRoot = path.resolve(__dirname, '..', '..');
export const referenceRoot = path.resolve(repoRoot, '..', 'shared', 'reference');

/** Keys Istio's templates read at the top level that its defaults do not list (reference README, "Notes for tests"). */
const istioExtraKeys = ['profile', 'compatibilityVersion', 'platform', 'global.profile', 'global.platform'];

interface ChartReferenceLocation {
  /** Chart folder under the reference root (holds Chart.yaml, values.yaml, maybe values.schema.json). */
  readonly dir: string;
  /** Istio keeps every default under one top-level key. */
  readonly defaultsUnder?: string;
  readonly extraKeys?: readonly string[];
}

const locations: Record<ChartKey, ChartReferenceLocation> = {
  istioBase: {
    dir: 'istio-1.30.3/chart/base',
    defaultsUnder: '_internal_defaults_do_not_set',
    extraKeys: istioExtraKeys,
  },
  // `meshConfig` is Istio's MeshConfig API, passed through whole; the defaults list one field of it.
  istiod: {
    dir: 'istio-1.30.3/chart/istiod',
    defaultsUnder: '_internal_defaults_do_not_set',
    extraKeys: [...istioExtraKeys, 'meshConfig'],
  },
  istioGateway: {
    dir: 'istio-1.30.3/chart/gateway',
    defaultsUnder: '_internal_defaults_do_not_set',
    extraKeys: istioExtraKeys,
  },
  certManager: { dir: 'cert-manager-v1.21.1/chart/cert-manager' },
  knativeOperator: { dir: 'knative-operator-v1.23.0/chart/knative-operator' },
  kserveCrd: { dir: 'kserve-v0.20.0/chart/kserve-crd' },
  kserveResources: { dir: 'kserve-v0.20.0/chart/kserve-resources' },
  strimziOperator: { dir: 'strimzi-1.2.0/chart/strimzi-kafka-operator' },
  argocd: { dir: 'argo-cd-10.1.1/chart/argo-cd' },
  keda: { dir: 'keda-v2.20.2/chart/keda' },
  dcgmExporter: { dir: 'dcgm-exporter-4.5.3-4.8.2/chart/dcgm-exporter' },
};

function readYaml(file: string): unknown {
  return parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** The chart's `Chart.yaml` name and version as kept in the reference data. */
export function referenceChartMetadata(key: ChartKey): { name: string; version: string } {
  const chart = readYaml(path.join(referenceRoot, locations[key].dir, 'Chart.yaml'));
  if (typeof chart !== 'object' || chart === null || !('name' in chart) || !('version' in chart)) {
    throw new Error(`${locations[key].dir}/Chart.yaml has no name or version`);
  }
  return { name: String(chart.name), version: String(chart.version) };
}

/** The chart's defaults, schema and documented extra keys, ready for `unknownValuesKeys`. */
export function referenceChartValues(key: ChartKey): ChartValuesReference {
  const location = locations[key];
  const dir = path.join(referenceRoot, location.dir);
  const values = readYaml(path.join(dir, 'values.yaml')) ?? {};
  const defaults =
    location.defaultsUnder !== undefined &&
    typeof values === 'object' &&
    values !== null &&
    location.defaultsUnder in values
      ? (values as Record<string, unknown>)[location.defaultsUnder]
      : values;
  const schemaFile = path.join(dir, 'values.schema.json');
  const schema = fs.existsSync(schemaFile) ? (JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as unknown) : undefined;
  return { defaults, schema, extraKeys: location.extraKeys };
}
