import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The worker's Prometheus metrics, in their own registry so tests can build several. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['partition'] as const;
  return {
    registry,
    consumed: new Counter({
      name: 'worker_messages_consumed_total',
      help: 'Input records taken into processing (a record retried after a failure counts again).',
      labelNames,
      registers: [registry],
    }),
    produced: new Counter({
      name: 'worker_messages_produced_total',
      help: 'Result records delivered to the output topic (committed, in exactly-once mode).',
      labelNames,
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'worker_messages_dead_lettered_total',
      help: 'Input records sent to the DLQ, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'worker_retries_total',
      help: 'Retries after a retriable failure, by what failed (model or delivery).',
      labelNames: ['cause'] as const,
      registers: [registry],
    }),
    inferenceSeconds: new Histogram({
      name: 'worker_inference_duration_seconds',
      help: 'Duration of one inference request to the model API, failed ones included.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'worker_inference_batch_size',
      help: 'Titles per inference request.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'worker_consumer_lag',
      help: 'Records behind the high watermark, per input partition, as of the last processed batch.',
      labelNames,
      registers: [registry],
    }),
    pausedPartitions: new Gauge({
      name: 'worker_paused_partitions',
      help: 'Input partitions paused while waiting for the model API.',
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createMetrics>;
