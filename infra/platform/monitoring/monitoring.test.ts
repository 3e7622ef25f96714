import * as fs from 'node:fs';
import * as path from 'node:path';
import { ServerMetrics } from '@category-match/model-server/metrics';
import { createMetrics } from '@category-match/worker/metrics';
import { referenceRoot } from '../reference';
import { readDashboard } from './grafana-dashboard';
import { monitoringScrapes } from './monitoring';
import { podMonitoring } from './pod-monitoring';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  /** Rows have none. */
  readonly targets?: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(readDashboard('category-match.json')) as { panels: Panel[] };
const expressionsOf = (panels: readonly Panel[]) =>
  panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
const expressions = expressionsOf(dashboard.panels);

/** The panels under a row: those after it, up to the next row. */
function panelsOfRow(title: string): Panel[] {
  const start = dashboard.panels.findIndex((panel) => panel.type === 'row' && panel.title === title);
  if (start < 0) return [];
  const after = dashboard.panels.slice(start + 1);
  const end = after.findIndex((panel) => panel.type === 'row');
  return end < 0 ? after : after.slice(0, end);
}

/**
 * Metric names an expression reads: the identifiers left once strings, label matchers, ranges, grouping
 * clauses and Grafana's variables are taken out, less function calls and PromQL's keywords.
 */
function metricNames(expression: string): string[] {
  const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset']);
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  return [...bare.matchAll(/(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g)]
    .map((match) => match[0])
    .filter((name) => !keywords.has(name));
}

/** GPU metrics the DCGM exporter collects: the chart's default metric list, which the platform keeps. */
const dcgmCounters = new Set(
  fs
    .readFileSync(path.join(referenceRoot, 'dcgm-exporter-4.5.3-4.8.2', 'default-counters.csv'), 'utf8')
    .split('\n')
    .map((line) => line.split(',')[0]?.trim()),
);

/** Series names a registry's scrape output declares (`# TYPE`): a histogram's as `_bucket`, `_sum` and `_count`. */
async function exportedSeries(registry: ServerMetrics['registry']): Promise<Set<string>> {
  const declared = [...(await registry.metrics()).matchAll(/^# TYPE (\S+) (\S+)$/gm)];
  return new Set(
    declared.flatMap(([, name = '', type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
    ),
  );
}

const scrapes = monitoringScrapes({
  namespace: 'gpu-monitoring',
  kafka: { namespace: 'kafka', clusterName: 'category-match' },
  servingNamespace: 'category-match',
  workerPodLabels: { 'app.kubernetes.io/name': 'category-match-worker' },
});

describe('platform dashboard', () => {
  it('shows GPU utilisation, model latency and consumer lag', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['GPU utilisation', 'Model latency', 'Consumer lag']),
    );
  });

  it('reads only GPU metrics the DCGM exporter collects by default', () => {
    const dcgm = expressions.flatMap(metricNames).filter((name) => name.startsWith('DCGM_'));
    expect(dcgm.length).toBeGreaterThan(0);
    for (const name of dcgm) expect(dcgmCounters).toContain(name);
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

describe('cost planner inputs on the dashboard', () => {
  const row = panelsOfRow('Cost planner inputs (compare with `category-match plan`)');

  // Where each metric comes from, the words a panel's description uses for it, and the scrape that collects it.
  async function sources() {
    return [
      { says: 'DCGM exporter', scrape: 'dcgm-exporter', exports: dcgmCounters },
      // As the model server runs in the cluster: `serve` (cli.ts) turns on prom-client's process metrics.
      {
        says: 'model server /metrics',
        scrape: 'model-server',
        exports: await exportedSeries(new ServerMetrics({ defaultMetrics: true }).registry),
      },
      { says: 'worker /metrics', scrape: 'worker', exports: await exportedSeries(createMetrics().registry) },
    ];
  }

  it("the dashboard shows the cost planner's inputs: GPU seconds from DCGM, requests, replicas and cold starts", () => {
    // Each panel names the planner figure it is to be compared with.
    const figures = Object.fromEntries(row.map((panel) => [panel.title, panel.description ?? '']));
    expect(figures).toEqual({
      'GPU hours over the range': expect.stringContaining('"GPU hours"'),
      'Classifications over the range': expect.stringContaining('"classifications"'),
      'Cold starts over the range': expect.stringMatching(/"cold starts".*"messages delayed by cold starts"/),
      'GPUs up, busy and idle': expect.stringContaining('"GPU hours"'),
      'Model API requests and classifications per second': expect.stringContaining('"classifications"'),
      'Model API replicas': expect.stringContaining('"replicas over the day"'),
    });
    const queries = expressionsOf(row).join('\n');
    // GPU seconds: GPUs reporting, counted each minute over the dashboard's range, times the 60 s step.
    expect(queries).toContain('sum_over_time(count(max by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL))[$__range:1m]) * 60');
    expect(queries).toContain('DCGM_FI_DEV_GPU_UTIL) == 0)[$__range:1m]');
    expect(queries).toContain('increase(model_server_requests_total{method="POST"');
    expect(queries).toContain('count(process_start_time_seconds{pod=~".+-predictor-.+"})');
    // A cold start: predictor pods now and none a minute before.
    expect(queries).toContain('unless count(process_start_time_seconds{pod=~".+-predictor-.+"} offset 1m)');
  });

  it('reads only metrics the platform exports and scrapes, and says where each comes from', async () => {
    const known = await sources();
    const scraped = scrapes.map((scrape) => scrape.name);
    for (const panel of row) {
      const names = expressionsOf([panel]).flatMap(metricNames);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        // The source the description names must export the metric (process_start_time_seconds has two).
        const source = known.find(
          (candidate) =>
            candidate.exports.has(name) && panel.description?.toLowerCase().includes(candidate.says.toLowerCase()),
        );
        expect({ panel: panel.title, name, source: source?.says }).toEqual({
          panel: panel.title,
          name,
          source: expect.any(String),
        });
        expect(scraped).toContain(source?.scrape);
      }
    }
  });
});
