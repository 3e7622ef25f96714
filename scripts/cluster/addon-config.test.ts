import { hostsWithKafkaNames, kafkaLoopbackNames, servedRegistryHosts } from './addon-config';

describe("what the local controllers are given beside the platform's values", () => {
  it("skip tag resolution only for the served stacks' registries (none is reachable here)", () => {
    expect(servedRegistryHosts()).toEqual([
      'europe-west4-docker.pkg.dev',
      'localhost:5001',
      'us-central1-docker.pkg.dev',
    ]);
  });

  it("name the Kafka bootstrap and a broker as the listener certificate does, for KEDA's hosts file", () => {
    const { bootstrap, broker } = kafkaLoopbackNames('dev');
    expect(bootstrap).toContain('category-match-kafka-bootstrap.kafka.svc');
    expect(broker).toBe('broker-0.category-match-kafka-brokers.kafka.svc');
    const hosts = hostsWithKafkaNames('127.0.0.1 localhost\n').split('\n');
    expect(hosts[0]).toBe('127.0.0.1 localhost');
    expect(hosts[1]?.split(' ')).toEqual(expect.arrayContaining(['127.0.0.1', ...bootstrap, broker]));
  });
});
