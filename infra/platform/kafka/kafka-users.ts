/**
 * Kafka clients of the platform and their least-privilege ACLs. Strimzi's User Operator creates a
 * SCRAM-SHA-512 password for each in a Secret of the same name (key `password`).
 */

export const topicNames = {
  input: 'category-match-in',
  output: 'category-match-out',
  deadLetter: 'category-match-dlq',
} as const;

export const workerConsumerGroup = 'category-match-worker';
export const consumerGroup = 'category-match-consumer';
/** The worker's transactional ids all start with this (one producer per input partition). */
export const workerTransactionalIdPrefix = 'category-match-worker';

type Operation = 'Read' | 'Write' | 'Describe' | 'IdempotentWrite' | 'DescribeConfigs';

export interface KafkaAcl {
  readonly resource: {
    readonly type: 'topic' | 'group' | 'cluster' | 'transactionalId';
    readonly name?: string;
    readonly patternType?: 'literal' | 'prefix';
  };
  readonly operations: readonly Operation[];
}

export interface KafkaClient {
  /** KafkaUser name, also the name of the Secret holding its password. */
  readonly userName: string;
  readonly acls: readonly KafkaAcl[];
}

const topic = (name: string, operations: readonly Operation[]): KafkaAcl => ({
  resource: { type: 'topic', name, patternType: 'literal' },
  operations,
});
const group = (name: string, operations: readonly Operation[]): KafkaAcl => ({
  resource: { type: 'group', name, patternType: 'literal' },
  operations,
});

export const kafkaClients = {
  /** The worker: reads input in its group, writes results and rejects in transactions. */
  worker: {
    userName: 'category-match-worker',
    acls: [
      topic(topicNames.input, ['Read', 'Describe']),
      group(workerConsumerGroup, ['Read', 'Describe']),
      topic(topicNames.output, ['Write', 'Describe']),
      topic(topicNames.deadLetter, ['Write', 'Describe']),
      {
        resource: { type: 'transactionalId', name: workerTransactionalIdPrefix, patternType: 'prefix' },
        operations: ['Write', 'Describe'],
      },
      { resource: { type: 'cluster' }, operations: ['IdempotentWrite'] },
    ],
  },
  /** Upstream systems publishing products to classify. */
  producer: { userName: 'category-match-producer', acls: [topic(topicNames.input, ['Write', 'Describe'])] },
  /** Downstream systems reading the categories. */
  consumer: {
    userName: 'category-match-consumer',
    acls: [topic(topicNames.output, ['Read', 'Describe']), group(consumerGroup, ['Read', 'Describe'])],
  },
  /** KEDA's Kafka scaler: reads the worker group's committed offsets and the input topic's end offsets, nothing else. */
  lagReader: {
    userName: 'category-match-lag-reader',
    acls: [topic(topicNames.input, ['Describe']), group(workerConsumerGroup, ['Describe'])],
  },
} as const satisfies Record<string, KafkaClient>;

/** The `KafkaUser` of one client in the namespace the User Operator watches: SCRAM-SHA-512 and its ACLs. */
export function kafkaUser<Namespace>(
  client: KafkaClient,
  cluster: { readonly name: string; readonly namespace: Namespace },
) {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaUser',
    metadata: { name: client.userName, namespace: cluster.namespace, labels: { 'strimzi.io/cluster': cluster.name } },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: client.acls.map((acl) => ({
          type: 'allow',
          resource: { ...acl.resource },
          operations: [...acl.operations],
        })),
      },
    },
  };
}
