import type { AppValues } from '../app-values';

/** Values of a small stack, for the builders' unit tests; override what a test is about. */
export function appValuesFixture(overrides: Partial<AppValues> = {}): AppValues {
  return {
    stack: 'dev',
    namespace: 'category-match',
    labels: { env: 'dev', app: 'category-match', 'cost-center': 'ml-platform' },
    model: {
      name: 'category-classifier',
      version: 'v1',
      storageUri: 'pvc://model-store/category-classifier/v1',
      predictorServiceAccount: 'model-predictor',
    },
    images: {
      modelServer: 'europe-west4-docker.pkg.dev/example/category-match-dev-images/model-server:0.1.0',
      modelServerCuda: 'europe-west4-docker.pkg.dev/example/category-match-dev-images/model-server:0.1.0-cuda',
      worker: 'europe-west4-docker.pkg.dev/example/category-match-dev-images/worker:0.1.0',
    },
    modelApi: {
      minReplicas: 0,
      maxReplicas: 2,
      scaleMetric: 'concurrency',
      scaleTarget: 8,
      containerConcurrency: 16,
      timeoutSeconds: 900,
      canaryTrafficPercent: 100,
      gpus: 1,
      gpuAcceleratorType: 'nvidia-l4',
    },
    kafka: {
      bootstrap: 'category-match-kafka-bootstrap.kafka.svc:9093',
      clusterName: 'category-match',
      caSecretName: 'category-match-cluster-ca-cert',
      partitions: 6,
      inputTopic: 'category-match-in',
      outputTopic: 'category-match-out',
      deadLetterTopic: 'category-match-dlq',
      consumerGroup: 'category-match-worker',
      workerUser: 'category-match-worker',
      lagReaderUser: 'category-match-lag-reader',
    },
    worker: {
      minReplicas: 1,
      maxReplicas: 6,
      maxBatchSize: 32,
      transactionMaxRecords: 2048,
      partitionBufferRecords: 4096,
      fetchMaxWaitMs: 100,
      abstainBelowScore: 0.5,
      delivery: 'exactly-once',
      lagThreshold: 100,
    },
    platformNamespaces: { istio: 'istio-system', knativeServing: 'knative-serving', monitoring: 'gmp-system' },
    ...overrides,
  };
}
