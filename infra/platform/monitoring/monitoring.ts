import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { createCustomResource } from '../custom-resource';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import { criticalPodsQuota } from './critical-pods-quota';
import { dcgmExporterPodLabels, dcgmExporterValues } from './dcgm-exporter-values';
import { grafanaDashboardConfigMap } from './grafana-dashboard';
import type { PodMonitoringInput } from './pod-monitoring';
import { podMonitoring } from './pod-monitoring';

export interface MonitoringArgs {
  /** Namespace of the GPU exporter and the dashboards. */
  readonly namespace: string;
  /** Most GPU nodes the cluster may have: one exporter pod runs on each. */
  readonly maxGpuNodes: number;
  /** Namespace and cluster name of the Kafka cluster whose exporter reports consumer lag. */
  readonly kafka: { readonly namespace: string; readonly clusterName: string };
  /** What creates the Kafka namespace; its scrape config waits for it. */
  readonly kafkaReady: readonly pulumi.Resource[];
  /** Namespace of the InferenceServices whose model servers report latency (its name output, to wait for it). */
  readonly servingNamespace: pulumi.Input<string>;
  /** Labels of the Kafka worker's pods (in the serving namespace), which report latency by stage. */
  readonly workerPodLabels: Readonly<Record<string, string>>;
}

const scrapeInterval = '15s';

// Istio's sidecar serves an application's metrics merged with its own, in plain HTTP, so the collectors need no
// mesh certificate although the serving namespace demands mutual TLS.
const sidecarMetrics = { port: 15020, path: '/stats/prometheus' } as const;

/**
 * The scrape configs: GPUs (DCGM), consumer lag (Strimzi's Kafka exporter), model latency (model server) and
 * pipeline latency by stage (worker).
 */
export function monitoringScrapes<Namespace>(args: {
  readonly namespace: string;
  readonly kafka: MonitoringArgs['kafka'];
  readonly servingNamespace: Namespace;
  readonly workerPodLabels: MonitoringArgs['workerPodLabels'];
}): PodMonitoringInput<Namespace | string>[] {
  return [
    {
      name: 'dcgm-exporter',
      namespace: args.namespace,
      selector: { matchLabels: dcgmExporterPodLabels },
      port: 'metrics',
      interval: scrapeInterval,
    },
    {
      name: 'kafka-exporter',
      namespace: args.kafka.namespace,
      selector: { matchLabels: { 'strimzi.io/name': `${args.kafka.clusterName}-kafka-exporter` } },
      port: 'tcp-prometheus',
      interval: scrapeInterval,
    },
    {
      name: 'model-server',
      namespace: args.servingNamespace,
      selector: { matchExpressions: [{ key: 'serving.kserve.io/inferenceservice', operator: 'Exists' }] },
      ...sidecarMetrics,
      interval: scrapeInterval,
    },
    {
      name: 'worker',
      namespace: args.servingNamespace,
      selector: { matchLabels: { ...args.workerPodLabels } },
      ...sidecarMetrics,
      interval: scrapeInterval,
    },
  ];
}

/** GPU metrics (NVIDIA DCGM exporter), managed Prometheus scrapes and the platform's Grafana dashboard. */
export class Monitoring extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  readonly criticalPodsQuota: k8s.core.v1.ResourceQuota;
  readonly dcgmExporter: k8s.helm.v3.Release;
  readonly scrapes: k8s.apiextensions.CustomResource[];
  readonly dashboard: k8s.core.v1.ConfigMap;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:Monitoring', name, {}, opts);
    this.namespace = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace } }, { parent: this });
    const quota = criticalPodsQuota(args.namespace, args.maxGpuNodes);
    this.criticalPodsQuota = new k8s.core.v1.ResourceQuota(
      `${name}-critical-pods`,
      { metadata: quota.metadata, spec: quota.spec },
      { parent: this, dependsOn: [this.namespace] },
    );
    this.dcgmExporter = chartRelease(
      `${name}-dcgm-exporter`,
      {
        releaseName: 'dcgm-exporter',
        source: charts.dcgmExporter,
        namespace: args.namespace,
        ownsNamespace: false,
        values: dcgmExporterValues(),
      },
      { parent: this, dependsOn: [this.namespace, this.criticalPodsQuota] },
    );
    this.scrapes = monitoringScrapes(args).map((scrape) =>
      createCustomResource(`${name}-scrape-${scrape.name}`, podMonitoring(scrape), {
        parent: this,
        // Each scrape config lives in the namespace of the pods it scrapes.
        dependsOn: scrape.namespace === args.kafka.namespace ? [this.namespace, ...args.kafkaReady] : [this.namespace],
      }),
    );
    const dashboard = grafanaDashboardConfigMap('category-match-dashboard', args.namespace, 'category-match.json');
    this.dashboard = new k8s.core.v1.ConfigMap(
      `${name}-dashboard`,
      { metadata: dashboard.metadata, data: dashboard.data },
      { parent: this, dependsOn: [this.namespace] },
    );
    this.registerOutputs({ namespace: this.namespace.metadata.name });
  }
}
