/**
 * Google Managed Prometheus scrape configs. GKE runs the managed collectors by default; they read
 * `PodMonitoring` objects (monitoring.googleapis.com/v1), so no Prometheus server or Prometheus
 * Operator has to be installed and kept running in the cluster.
 */

/** Where GKE runs Google Managed Prometheus' collectors, the pods that scrape every `PodMonitoring` target. */
export const managedPrometheusNamespace = 'gmp-system';

export interface PodMonitoringInput<Namespace = string> {
  readonly name: string;
  /** Namespace of the scraped pods (PodMonitoring only selects pods in its own namespace). */
  readonly namespace: Namespace;
  /** Label selector of the pods to scrape. */
  readonly selector: {
    readonly matchLabels?: Readonly<Record<string, string>>;
    readonly matchExpressions?: readonly { key: string; operator: 'Exists' | 'In'; values?: readonly string[] }[];
  };
  /** Container port name or number serving the metrics. */
  readonly port: string | number;
  /** Path of the metrics (defaults to `/metrics`). */
  readonly path?: string;
  /** Scrape interval, e.g. `15s`. */
  readonly interval: string;
}

export function podMonitoring<Namespace>(input: PodMonitoringInput<Namespace>) {
  return {
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      selector: input.selector,
      endpoints: [
        { port: input.port, interval: input.interval, ...(input.path === undefined ? {} : { path: input.path }) },
      ],
    },
  };
}
