/**
 * Every Helm chart the platform installs, pinned to an exact version, in one place. The versions
 * are the newest stable releases whose chart defaults, value schemas and CRDs are kept in
 * `../shared/reference/` (see its README), so tests check the program against exactly these.
 * A chart whose `chart` starts with `oci://` is pulled from an OCI registry and has no `repo`.
 */
export interface ChartSource {
  /** Chart name in `repo`, or the full `oci://` reference. */
  readonly chart: string;
  /** Exact chart version, as the repository index spells it. */
  readonly version: string;
  /** Classic Helm repository URL; absent for OCI charts. */
  readonly repo?: string;
}

const istioRepo = 'https://istio-release.storage.googleapis.com/charts';

export const charts = {
  istioBase: { chart: 'base', version: '1.30.3', repo: istioRepo },
  istiod: { chart: 'istiod', version: '1.30.3', repo: istioRepo },
  istioGateway: { chart: 'gateway', version: '1.30.3', repo: istioRepo },
  certManager: { chart: 'cert-manager', version: 'v1.21.1', repo: 'https://charts.jetstack.io' },
  // The Knative repository index lists the chart as `v1.23.0` (its Chart.yaml says `1.23.0`).
  knativeOperator: { chart: 'knative-operator', version: 'v1.23.0', repo: 'https://knative.github.io/operator' },
  kserveCrd: { chart: 'oci://ghcr.io/kserve/charts/kserve-crd', version: 'v0.20.0' },
  kserveResources: { chart: 'oci://ghcr.io/kserve/charts/kserve-resources', version: 'v0.20.0' },
  strimziOperator: { chart: 'oci://quay.io/strimzi-helm/strimzi-kafka-operator', version: '1.2.0' },
  argocd: { chart: 'argo-cd', version: '10.1.1', repo: 'https://argoproj.github.io/argo-helm' },
  keda: { chart: 'keda', version: '2.20.2', repo: 'https://kedacore.github.io/charts' },
  dcgmExporter: {
    chart: 'dcgm-exporter',
    version: '4.8.2',
    repo: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
  },
} as const satisfies Record<string, ChartSource>;

export type ChartKey = keyof typeof charts;

/** Kafka version the Strimzi operator runs (the default of Strimzi 1.2.0; the test broker runs the same). */
export const kafkaVersion = '4.3.1';

/** Knative Serving version the operator installs (the release matching operator 1.23.0). */
export const knativeServingVersion = '1.23.0';
