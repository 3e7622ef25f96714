import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where a record's time goes in the worker, in order (see `recordStages`). */
export const workerStages = ['fetch', 'queued', 'model', 'waiting', 'produce', 'commit'] as const;
export type WorkerStage = (typeof workerStages)[number];

// From 1 ms to 30 s, finer below a second where the latency targets are.
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30];

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
    stageSeconds: new Histogram({
      name: 'worker_stage_duration_seconds',
      help:
        'Per result record, time spent in each stage: fetch (record timestamp to received), queued (received to ' +
        'inference request sent), model (request to answer), waiting (answer to its delivery starting), produce ' +
        '(records acknowledged), commit (offsets and transaction committed).',
      labelNames: ['stage'] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    deliveryRecords: new Histogram({
      name: 'worker_delivery_records',
      help: 'Records (results and dead letters) per delivery: per transaction in exactly-once mode.',
      buckets: [1, 4, 16, 64, 128, 256, 512, 1024, 2048, 4096, 8192],
      registers: [registry],
    }),
    endToEndSeconds: new Histogram({
      name: 'worker_end_to_end_duration_seconds',
      help: 'Per result record, from the input record timestamp to its result being committed.',
      buckets: latencyBuckets,
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
