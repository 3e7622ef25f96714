import { kafkaCluster, kafkaNodePool, kafkaTopic, tlsListenerPort } from './kafka-cluster';
import { listenerCertificate, listenerDnsNames } from './kafka-tls';
import { clusterSizes } from './testing/cluster-sizes';

const ops = clusterSizes.ops;

describe('Kafka cluster', () => {
  it('runs Kafka 4.3.1 in KRaft mode on one pool of controller+broker nodes', () => {
    expect(kafkaCluster(ops, 'category-match').spec.kafka.version).toBe('4.3.1');
    const pool = kafkaNodePool(ops);
    expect(pool.spec.replicas).toBe(3);
    expect(pool.spec.roles).toEqual(['controller', 'broker']);
    expect(pool.metadata.labels).toEqual({ 'strimzi.io/cluster': 'category-match' });
  });

  it('listens only on TLS port 9093 with SCRAM-SHA-512 and enforces ACLs', () => {
    const { kafka } = kafkaCluster(ops, 'category-match').spec;
    expect(kafka.listeners).toHaveLength(1);
    expect(kafka.listeners[0]).toMatchObject({
      port: tlsListenerPort,
      type: 'internal',
      tls: true,
      authentication: { type: 'scram-sha-512' },
    });
    expect(tlsListenerPort).toBe(9093);
    expect(kafka.authorization).toEqual({ type: 'simple' });
  });

  it('admits only the client and KEDA namespaces to the listener', () => {
    const [listener] = kafkaCluster(ops, 'category-match', ['category-match', 'keda']).spec.kafka.listeners;
    expect(listener?.networkPolicyPeers).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'category-match' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } },
    ]);
  });

  it('keeps internal logs as durable as the topics', () => {
    expect(kafkaCluster(ops, 'category-match').spec.kafka.config).toMatchObject({
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'min.insync.replicas': 2,
      'auto.create.topics.enable': false,
    });
  });

  it('the User Operator keeps users in the client namespace', () => {
    expect(kafkaCluster(ops, 'category-match').spec.entityOperator.userOperator).toEqual({
      watchedNamespace: 'category-match',
    });
  });

  it('topics take partitions from the input and replication from the cluster', () => {
    const topic = kafkaTopic(ops, { topicName: 'category-match-in', partitions: 12 });
    expect(topic.spec).toEqual({
      topicName: 'category-match-in',
      partitions: 12,
      replicas: 3,
      config: { 'min.insync.replicas': 2 },
    });
  });

  it('the listener certificate names the bootstrap service and every broker', () => {
    const names = listenerDnsNames('category-match', 'kafka');
    expect(names).toContain('category-match-kafka-bootstrap.kafka.svc');
    expect(names).toContain('*.category-match-kafka-brokers.kafka.svc');
    const certificate = listenerCertificate({
      clusterName: 'category-match',
      kafkaNamespace: 'kafka',
      clientNamespace: 'category-match',
      certManagerNamespace: 'cert-manager',
    });
    expect(certificate.spec.privateKey).toMatchObject({ encoding: 'PKCS8' });
    expect(kafkaCluster(ops, 'category-match').spec.kafka.listeners[0]?.configuration.brokerCertChainAndKey).toEqual({
      secretName: certificate.spec.secretName,
      certificate: 'tls.crt',
      key: 'tls.key',
    });
  });
});
