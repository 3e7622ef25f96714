import type { AppValues } from './app-values';

/** Names of the application's objects, in one place so builders that refer to each other agree. */
export const appNames = {
  servingRuntime: 'category-match-onnx',
  worker: 'category-match-worker',
  transformerServiceAccount: 'model-transformer',
  /** Container name KServe requires in a serving runtime. */
  runtimeContainer: 'kserve-container',
  modelServerPort: 8080,
  workerMetricsPort: 9464,
  /** Where the worker finds the Kafka cluster CA certificate. */
  kafkaCaDir: '/etc/kafka-ca',
} as const;

/** Istio identity of a service account: `cluster.local/ns/<namespace>/sa/<name>`. */
export function principal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** Labels of every object plus the standard `app.kubernetes.io` ones for one component. */
export function componentLabels(values: AppValues, component: string): Record<string, string> {
  return {
    ...values.labels,
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/part-of': 'category-match',
  };
}

/** Labels the worker's pods are selected by. */
export function workerSelector(): Record<string, string> {
  return { 'app.kubernetes.io/name': appNames.worker };
}

/** Label KServe puts on every pod of an InferenceService. */
export function inferenceServiceSelector(values: AppValues): Record<string, string> {
  return { 'serving.kserve.io/inferenceservice': values.model.name };
}
