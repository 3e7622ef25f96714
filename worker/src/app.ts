import type { Server } from 'node:http';
import type { WorkerConfig } from './config';
import { createWorkerLoop, type WorkerLoop } from './kafka/worker-loop';
import { createModelClient, type Infer } from './model/model-client';
import type { Logger } from './ops/logger';
import { createMetrics, type WorkerMetrics } from './ops/metrics';
import { createOpsServer } from './ops/ops-server';

export interface WorkerApp {
  loop: WorkerLoop;
  metrics: WorkerMetrics;
  opsServer: Server;
}

/** Composes the worker from its configuration: model client, Kafka loop, metrics and probes. */
export function createWorkerApp(
  config: WorkerConfig,
  logger: Logger,
  onFatal: (error: Error) => void,
  infer: Infer = createModelClient(config.model),
): WorkerApp {
  const metrics = createMetrics();
  let fatal = false;
  const loop = createWorkerLoop({
    config,
    infer,
    metrics,
    logger,
    onFatal: (error) => {
      fatal = true;
      onFatal(error);
    },
  });
  const opsServer = createOpsServer({ registry: metrics.registry, isHealthy: () => !fatal, isReady: loop.isReady });
  return { loop, metrics, opsServer };
}
