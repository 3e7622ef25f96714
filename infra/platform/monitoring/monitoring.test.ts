import * as fs from 'node:fs';
import * as path from 'node:path';
import { referenceRoot } from '../reference';
import { readDashboard } from './grafana-dashboard';
import { monitoringScrapes } from './monitoring';
import { podMonitoring } from './pod-monitoring';

interface Panel {
  readonly title: string;
  readonly targets: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(readDashboard('category-match.json')) as { panels: Panel[] };
const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));

/** Metric names the expressions read (identifiers followed by `{`, `[` or `)`, minus PromQL's own words). */
function metricNames(expression: string): string[] {
  const promql = new Set(['sum', 'avg', 'max', 'rate', 'by', 'histogram_quantile', 'le']);
  return [...expression.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{[)])/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !promql.has(name));
}

describe('platform dashboard', () => {
  it('shows GPU utilisation, model latency and consumer lag', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['GPU utilisation', 'Model latency', 'Consumer lag']),
    );
  });

  it('reads only GPU metrics the DCGM exporter collects by default', () => {
    const counters = fs.readFileSync(
      path.join(referenceRoot, 'dcgm-exporter-4.5.3-4.8.2', 'default-counters.csv'),
      'utf8',
    );
    const collected = new Set(counters.split('\n').map((line) => line.split(',')[0]?.trim()));
    const dcgm = expressions.flatMap(metricNames).filter((name) => name.startsWith('DCGM_'));
    expect(dcgm.length).toBeGreaterThan(0);
    for (const name of dcgm) expect(collected).toContain(name);
  });

  it('shows the worker latency by stage and end to end', () => {
    expect(expressions.join('\n')).toContain('sum by (le, stage) (rate(worker_stage_duration_seconds_bucket[5m]))');
    expect(expressions.join('\n')).toContain('worker_end_to_end_duration_seconds_bucket');
  });

  it('reads the model server latency histogram and the Kafka exporter lag of the worker group', () => {
    expect(expressions.join('\n')).toContain('model_server_request_duration_seconds_bucket');
    expect(expressions.join('\n')).toContain('kafka_consumergroup_lag{consumergroup="category-match-worker"}');
  });
});

describe('managed Prometheus scrapes', () => {
  const scrapes = monitoringScrapes({
    namespace: 'gpu-monitoring',
    kafka: { namespace: 'kafka', clusterName: 'category-match' },
    servingNamespace: 'category-match',
    workerPodLabels: { 'app.kubernetes.io/name': 'category-match-worker' },
  });

  it('scrape the GPU exporter, the Kafka exporter, the model servers and the worker, each in its own namespace', () => {
    expect(scrapes.map((scrape) => [scrape.name, scrape.namespace])).toEqual([
      ['dcgm-exporter', 'gpu-monitoring'],
      ['kafka-exporter', 'kafka'],
      ['model-server', 'category-match'],
      ['worker', 'category-match'],
    ]);
  });

  it('reach model servers and the worker in the STRICT mTLS namespace through the sidecar merged metrics port', () => {
    for (const name of ['model-server', 'worker']) {
      expect(scrapes.find((scrape) => scrape.name === name)).toMatchObject({ port: 15020, path: '/stats/prometheus' });
    }
    expect(scrapes.find((scrape) => scrape.name === 'worker')?.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'category-match-worker' },
    });
  });

  it('become PodMonitoring objects of Google Managed Prometheus', () => {
    const [first] = scrapes;
    if (first === undefined) throw new Error('no scrapes');
    expect(podMonitoring(first)).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'dcgm-exporter', namespace: 'gpu-monitoring' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'dcgm-exporter' } },
        endpoints: [{ port: 'metrics', interval: '15s' }],
      },
    });
  });

  it('a missing dashboard fails naming the file', () => {
    expect(() => readDashboard('missing.json')).toThrow(/missing\.json/);
  });
});
