import { brokerPaths, brokerPorts, log4jProperties, serverProperties } from './broker-config';

function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return new Map(entries);
}

describe('broker ports', () => {
  it('puts PLAINTEXT on the base, SASL_PLAINTEXT on base + 1, the controller on base + 2, SASL_SSL on base + 3', () => {
    expect(brokerPorts(19092)).toEqual({ plaintext: 19092, sasl: 19093, controller: 19094, saslSsl: 19095 });
  });

  it.each([0, 80, 65534, 19092.5, Number.NaN])('rejects port base %p with a message naming it', (portBase) => {
    expect(() => brokerPorts(portBase)).toThrow(/portBase must be an integer from 1024 to 65532/);
  });
});

describe('server.properties', () => {
  const properties = parseProperties(serverProperties(brokerPorts(29092), '/state/data'));

  it('runs one combined broker and controller in KRaft mode', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('controller.quorum.voters')).toBe('1@127.0.0.1:29094');
  });

  it('listens only on loopback, with SCRAM-SHA-512 on the SASL listener', () => {
    expect(properties.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:29092,SASL_PLAINTEXT://127.0.0.1:29093,CONTROLLER://127.0.0.1:29094',
    );
    expect(properties.get('listener.name.sasl_plaintext.sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
    expect(properties.get('listener.security.protocol.map')).not.toContain('SASL_SSL');
  });

  it('with a keystore, adds a SASL_SSL listener on base + 3 that serves it, SCRAM-SHA-512 only', () => {
    const tls = parseProperties(
      serverProperties(brokerPorts(29092), '/state/data', undefined, {
        keystore: '/state/tls/broker.p12',
        password: 'pw',
      }),
    );
    expect(tls.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:29092,SASL_PLAINTEXT://127.0.0.1:29093,SASL_SSL://127.0.0.1:29095,CONTROLLER://127.0.0.1:29094',
    );
    expect(tls.get('advertised.listeners')).toContain('SASL_SSL://127.0.0.1:29095');
    expect(tls.get('listener.security.protocol.map')).toContain('SASL_SSL:SASL_SSL');
    expect(tls.get('listener.name.sasl_ssl.ssl.keystore.location')).toBe('/state/tls/broker.p12');
    expect(tls.get('listener.name.sasl_ssl.sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
  });

  it('sizes internal topics for a single node so groups and transactions work', () => {
    expect(properties.get('offsets.topic.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.min.isr')).toBe('1');
    expect(properties.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(properties.get('auto.create.topics.enable')).toBe('true');
    expect(properties.get('log.dirs')).toBe('/state/data');
  });

  it('replicates topics and internal logs three ways, two in sync, on a node of a three-node cluster', () => {
    const role = { nodeId: 2, quorumVoters: '1@127.0.0.1:29094,2@127.0.0.1:29097,3@127.0.0.1:29100', replicas: 3 };
    const node = parseProperties(serverProperties(brokerPorts(29095), '/state/data', role));
    expect(node.get('node.id')).toBe('2');
    expect(node.get('controller.quorum.voters')).toBe(role.quorumVoters);
    for (const key of [
      'default.replication.factor',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
    ]) {
      expect(node.get(key)).toBe('3');
    }
    expect(node.get('min.insync.replicas')).toBe('2');
    expect(node.get('transaction.state.log.min.isr')).toBe('2');
  });
});

describe('broker files', () => {
  it('keeps every file of an instance inside its state directory', () => {
    const paths = brokerPaths('/tmp/broker-a');
    for (const file of Object.values(paths)) expect(file.startsWith('/tmp/broker-a')).toBe(true);
  });

  it('logs to a file in the log directory, not the console', () => {
    const config = log4jProperties('/state/logs');
    expect(config).toContain('appender.file.fileName = /state/logs/server.log');
    expect(config).not.toMatch(/Console/);
  });

  it('keeps logging until the broker has shut down', () => {
    expect(log4jProperties('/state/logs')).toMatch(/^shutdownHook = disable$/m);
  });
});
