import type { KafkaAcl, KafkaClient } from './kafka-users';
import { kafkaClients, kafkaUser, topicNames, workerConsumerGroup } from './kafka-users';

function allowed(acls: readonly KafkaAcl[], type: KafkaAcl['resource']['type'], name?: string): string[] {
  return acls
    .filter((acl) => acl.resource.type === type && acl.resource.name === name)
    .flatMap((acl) => acl.operations);
}

describe('Kafka users', () => {
  it('the worker reads input in its own group and writes output and rejects', () => {
    const { acls } = kafkaClients.worker;
    expect(allowed(acls, 'topic', topicNames.input)).toEqual(['Read', 'Describe']);
    expect(allowed(acls, 'group', workerConsumerGroup)).toEqual(['Read', 'Describe']);
    expect(allowed(acls, 'topic', topicNames.output)).toEqual(['Write', 'Describe']);
    expect(allowed(acls, 'topic', topicNames.deadLetter)).toEqual(['Write', 'Describe']);
  });

  it('the worker may use transactional ids under its prefix only, and write idempotently', () => {
    const transactional = kafkaClients.worker.acls.filter((acl) => acl.resource.type === 'transactionalId');
    expect(transactional).toEqual([
      {
        resource: { type: 'transactionalId', name: 'category-match-worker', patternType: 'prefix' },
        operations: ['Write', 'Describe'],
      },
    ]);
    expect(allowed(kafkaClients.worker.acls, 'cluster')).toEqual(['IdempotentWrite']);
  });

  it('the producer may only write the input topic', () => {
    expect(kafkaClients.producer.acls).toEqual([
      {
        resource: { type: 'topic', name: topicNames.input, patternType: 'literal' },
        operations: ['Write', 'Describe'],
      },
    ]);
  });

  it('the consumer reads the output topic in groups of its own prefix and nothing else', () => {
    const { acls } = kafkaClients.consumer;
    expect(acls.map((acl) => acl.resource)).toEqual([
      { type: 'topic', name: topicNames.output, patternType: 'literal' },
      { type: 'group', name: 'category-match-consumer', patternType: 'prefix' },
    ]);
    expect(acls.flatMap((acl) => acl.operations)).not.toContain('Write');
  });

  it('the lag reader only describes the worker group and the input topic', () => {
    expect(kafkaClients.lagReader.acls.flatMap((acl) => acl.operations)).toEqual(['Describe', 'Describe']);
  });

  it('no client gets All, a wildcard resource, a prefix on topics, or a group prefix other than its own name', () => {
    const clients: readonly KafkaClient[] = Object.values(kafkaClients);
    for (const client of clients) {
      for (const acl of client.acls) {
        expect(acl.operations).not.toContain('All');
        expect(acl.resource.name).not.toBe('*');
        if (acl.resource.type === 'topic') expect(acl.resource.patternType).toBe('literal');
        // A reader may name its groups `<user>…` (one per application), never anyone else's.
        if (acl.resource.type === 'group' && acl.resource.patternType === 'prefix')
          expect(acl.resource.name).toBe(client.userName);
      }
    }
  });

  it('a KafkaUser authenticates with SCRAM-SHA-512 and allows exactly its ACLs', () => {
    const user = kafkaUser(kafkaClients.producer, { name: 'category-match', namespace: 'category-match' });
    expect(user.metadata).toEqual({
      name: 'category-match-producer',
      namespace: 'category-match',
      labels: { 'strimzi.io/cluster': 'category-match' },
    });
    expect(user.spec.authentication).toEqual({ type: 'scram-sha-512' });
    expect(user.spec.authorization.acls).toEqual([
      {
        type: 'allow',
        resource: { type: 'topic', name: topicNames.input, patternType: 'literal' },
        operations: ['Write', 'Describe'],
      },
    ]);
  });
});
