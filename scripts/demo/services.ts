import path from 'node:path';
import type { BrokerInfo } from '@category-match/kafka-harness';
import { ChildService } from './child-service';
import { dlqTopic, inputTopic, outputTopic } from './topics';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const demoLogDir = path.join(repoRoot, '.cache', 'demo');

/** The model server with both roles in one process, serving the reference model. */
export function startModelServer(
  modelDir: string,
  port: number,
  logFile = path.join(demoLogDir, 'model-server.log'),
): Promise<ChildService> {
  return ChildService.start(
    {
      name: 'model server',
      args: ['model-server/src/cli.ts', 'serve', '--role', 'all', '--model-dir', modelDir, '--http-port', String(port)],
      env: { ...process.env, LOG_LEVEL: 'info' },
      logFile,
      readyUrl: `http://127.0.0.1:${port}/v2/health/ready`,
      readyTimeoutMs: 180_000,
    },
    repoRoot,
  );
}

/** The worker, talking SCRAM-SHA-512 to the broker's SASL listener as it would in the cluster. */
export function startWorker(broker: BrokerInfo, modelPort: number, metricsPort: number): Promise<ChildService> {
  return ChildService.start(
    {
      name: 'worker',
      args: ['worker/src/main.ts'],
      env: {
        ...process.env,
        KAFKA_BROKERS: broker.sasl,
        KAFKA_CLIENT_ID: 'category-match-demo-worker',
        KAFKA_SASL_MECHANISM: broker.scram.mechanism,
        KAFKA_SASL_USERNAME: broker.scram.username,
        KAFKA_SASL_PASSWORD: broker.scram.password,
        KAFKA_INPUT_TOPIC: inputTopic,
        KAFKA_OUTPUT_TOPIC: outputTopic,
        KAFKA_DLQ_TOPIC: dlqTopic,
        MODEL_URL: `http://127.0.0.1:${modelPort}`,
        MODEL_PROTOCOL: 'v2',
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'info',
      },
      logFile: path.join(demoLogDir, 'worker.log'),
      readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
      readyTimeoutMs: 90_000,
    },
    repoRoot,
  );
}
