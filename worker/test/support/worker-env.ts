import { setTimeout as sleep } from 'node:timers/promises';
import type { TestTopics } from './kafka';

/** The environment of a worker process reading `topics` from `brokers`. */
export function workerEnv(
  brokers: string,
  topics: TestTopics,
  modelPort: number,
  metricsPort: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_ID: topics.group,
    KAFKA_INPUT_TOPIC: topics.input,
    KAFKA_OUTPUT_TOPIC: topics.output,
    KAFKA_DLQ_TOPIC: topics.dlq,
    MODEL_URL: `http://127.0.0.1:${modelPort}`,
    METRICS_PORT: String(metricsPort),
    // A killed worker's partitions move on after the session timeout; shorter than the default keeps stories quick.
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    ...extra,
  };
}

/** Sum of a worker counter over its labels, or undefined while the worker does not answer. */
export async function metricSum(metricsPort: number, name: string): Promise<number | undefined> {
  const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
    (response) => response.text(),
    () => undefined,
  );
  if (text === undefined) return undefined;
  const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
  return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Waits until the worker's counter reaches `atLeast`; fails after `timeoutMs`. */
export async function waitForMetric(
  metricsPort: number,
  name: string,
  atLeast: number,
  timeoutMs: number,
  pollMs = 100,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value: number | undefined;
  while (Date.now() < deadline) {
    value = await metricSum(metricsPort, name);
    if (value !== undefined && value >= atLeast) return value;
    await sleep(pollMs);
  }
  throw new Error(`${name} stayed at ${String(value)} (< ${atLeast}) for ${timeoutMs} ms`);
}
