import type { AddressInfo } from 'node:net';
import { createMetrics } from './metrics';
import { createOpsServer } from './ops-server';

describe('ops server', () => {
  const metrics = createMetrics();
  let ready = false;
  const server = createOpsServer({ registry: metrics.registry, isHealthy: () => true, isReady: () => ready });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers readyz 503 until the worker joined its group, then 200', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('exposes the worker counters, latency by stage, batch size and lag in Prometheus text', async () => {
    metrics.consumed.inc({ partition: 0 }, 3);
    metrics.deadLettered.inc({ reason: 'invalid-json' });
    metrics.stageSeconds.labels('commit').observe(0.02);
    metrics.endToEndSeconds.observe(0.04);
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      'worker_messages_consumed_total{partition="0"} 3',
      'worker_messages_dead_lettered_total{reason="invalid-json"} 1',
      'worker_messages_produced_total',
      'worker_retries_total',
      'worker_inference_duration_seconds_bucket',
      'worker_inference_batch_size_bucket',
      'worker_consumer_lag',
      'worker_stage_duration_seconds_bucket{le="0.025",stage="commit"} 1',
      'worker_end_to_end_duration_seconds_bucket{le="0.05"} 1',
      'worker_delivery_records_bucket',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
