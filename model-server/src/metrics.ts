import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LOOP_SAMPLE_MS = 1;

/** The server's Prometheus metrics, in their own registry so several apps can live in one process. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'model_server_requests_total',
    help: 'HTTP requests by route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'model_server_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'model_server_batch_size',
    help: 'Rows per dynamic batch (run as one or more ONNX runs of similar lengths)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  readonly sessionRuns = new Counter({
    name: 'model_server_onnx_runs_total',
    help: 'ONNX runs: a batch of mixed lengths is split into runs of similar lengths when that costs less',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'model_server_queue_rows',
    help: 'Rows waiting to form a batch (not those already handed to an inference thread)',
    registers: [this.registry],
  });

  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  readonly eventLoopDelay = new Gauge({
    name: 'model_server_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape, beyond the 1 ms sampling interval, by quantile',
    labelNames: ['quantile'] as const,
    registers: [this.registry],
    // Arrow function: `this` is the ServerMetrics, whose histogram restarts at every scrape.
    collect: () => {
      for (const quantile of [0.5, 0.99]) {
        const delayMs = Math.max(0, this.loopDelay.percentile(quantile * 100) / 1e6 - LOOP_SAMPLE_MS);
        this.eventLoopDelay.set({ quantile: String(quantile) }, Number.isFinite(delayMs) ? delayMs / 1000 : 0);
      }
      this.loopDelay.reset();
    },
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.loopDelay.enable();
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }
}
