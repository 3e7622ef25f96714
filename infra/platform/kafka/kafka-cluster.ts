import { kafkaVersion } from '../versions';
import { listenerCertificateSecretName } from './kafka-tls';

/** Sizing and durability of the Strimzi Kafka cluster. */
export interface KafkaClusterInput {
  readonly name: string;
  readonly namespace: string;
  /** Nodes, each both KRaft controller and broker. */
  readonly brokers: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Persistent volume size per node, e.g. `10Gi`. */
  readonly storageSize: string;
  /**
   * Delete the nodes' volume claims (and so their disks) with the Kafka resources; false keeps them
   * when those are deleted or replaced by mistake (a destroy still deletes them with the namespace).
   */
  readonly deleteClaim: boolean;
}

/** Port of the in-cluster TLS listener clients use (`<name>-kafka-bootstrap.<namespace>.svc:9093`). */
export const tlsListenerPort = 9093;

/** `host:port` of a Strimzi cluster's TLS listener inside the cluster: `<name>-kafka-bootstrap.<namespace>.svc:9093`. */
export function kafkaBootstrapAddress(clusterName: string, namespace: string): string {
  return `${clusterName}-kafka-bootstrap.${namespace}.svc:${tlsListenerPort}`;
}

/** Metadata version of Kafka 4.3 (Strimzi's kafka-versions.yaml). */
const metadataVersion = '4.3-IV0';

function clusterLabel(input: KafkaClusterInput): Record<string, string> {
  return { 'strimzi.io/cluster': input.name };
}

/** One pool of combined controller+broker nodes on persistent disks (KRaft, no ZooKeeper). */
export function kafkaNodePool(input: KafkaClusterInput) {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaNodePool',
    metadata: { name: 'dual-role', namespace: input.namespace, labels: clusterLabel(input) },
    spec: {
      replicas: input.brokers,
      roles: ['controller', 'broker'],
      storage: {
        type: 'jbod',
        // KRaft metadata shares the data volume. `deleteClaim: false` keeps the data when the Kafka
        // resources alone are deleted or replaced by mistake; a disposable stack lets them go.
        volumes: [
          {
            id: 0,
            type: 'persistent-claim',
            size: input.storageSize,
            deleteClaim: input.deleteClaim,
            kraftMetadata: 'shared',
          },
        ],
      },
      resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    },
  };
}

/**
 * The `Kafka`: KRaft, one TLS listener with SCRAM-SHA-512 inside the cluster, ACLs enforced.
 * `clientNamespace` is where the User Operator keeps KafkaUsers and their password Secrets, so
 * clients in that namespace can mount them.
 */
export function kafkaCluster<ClientNamespace>(
  input: KafkaClusterInput,
  clientNamespace: ClientNamespace,
  /** Namespaces whose pods may open connections to the listener (the clients' and KEDA's). */
  peerNamespaces: readonly (ClientNamespace | string)[] = [clientNamespace],
) {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'Kafka',
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      kafka: {
        version: kafkaVersion,
        metadataVersion,
        listeners: [
          {
            name: 'tls',
            port: tlsListenerPort,
            type: 'internal',
            tls: true,
            authentication: { type: 'scram-sha-512' },
            // Strimzi's generated NetworkPolicy admits only these namespaces to the listener.
            networkPolicyPeers: peerNamespaces.map((namespace) => ({
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
            })),
            // Signed by the platform CA that clients find in their own namespace (see kafka-tls.ts).
            configuration: {
              brokerCertChainAndKey: {
                secretName: listenerCertificateSecretName(input.name),
                certificate: 'tls.crt',
                key: 'tls.key',
              },
            },
          },
        ],
        // Every client needs an ACL (KafkaUser); nothing may read or write without one.
        authorization: { type: 'simple' },
        config: {
          'default.replication.factor': input.replicationFactor,
          'min.insync.replicas': input.minInsyncReplicas,
          'offsets.topic.replication.factor': input.replicationFactor,
          // The worker's exactly-once delivery writes to the transaction log: it needs the same durability as the data.
          'transaction.state.log.replication.factor': input.replicationFactor,
          'transaction.state.log.min.isr': input.minInsyncReplicas,
          // Topics exist only as KafkaTopic resources, so a typo in a client does not create one.
          'auto.create.topics.enable': false,
        },
      },
      entityOperator: { topicOperator: {}, userOperator: { watchedNamespace: clientNamespace } },
      // Publishes consumer-group lag (`kafka_consumergroup_lag`) for the dashboard.
      kafkaExporter: { groupRegex: '.*', topicRegex: 'category-match-.*' },
    },
  };
}

export interface KafkaTopicInput {
  readonly topicName: string;
  readonly partitions: number;
}

/** A `KafkaTopic` with the cluster's replication and the minimum in-sync replicas for acknowledged writes. */
export function kafkaTopic(cluster: KafkaClusterInput, topic: KafkaTopicInput) {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: topic.topicName, namespace: cluster.namespace, labels: clusterLabel(cluster) },
    spec: {
      topicName: topic.topicName,
      partitions: topic.partitions,
      replicas: cluster.replicationFactor,
      config: { 'min.insync.replicas': cluster.minInsyncReplicas },
    },
  };
}
