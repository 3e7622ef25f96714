import type { KafkaClusterInput } from '../kafka-cluster';

/** The Kafka clusters the two stacks' config describes: one unreplicated broker in dev, three in ops. */
export const clusterSizes: Readonly<Record<'dev' | 'ops', KafkaClusterInput>> = {
  dev: {
    name: 'category-match',
    namespace: 'kafka',
    brokers: 1,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    storageSize: '10Gi',
    deleteClaim: true,
  },
  ops: {
    name: 'category-match',
    namespace: 'kafka',
    brokers: 3,
    replicationFactor: 3,
    minInsyncReplicas: 2,
    storageSize: '50Gi',
    deleteClaim: false,
  },
};
