import { resolveKafkaConnection } from './kafka-connection';

const files: Record<string, string> = { '/run/password': 'secret\n', '/run/ca.crt': '-----BEGIN CERTIFICATE-----' };
const readFile = (file: string): string => {
  const text = files[file];
  if (text === undefined) throw new Error('ENOENT: no such file or directory');
  return text;
};

describe('the Kafka connection of a command', () => {
  it('is the local broker, in plaintext, when nothing is given', () => {
    expect(resolveKafkaConnection({}, {}, readFile)).toEqual({ brokers: undefined, sasl: undefined, tls: undefined });
  });

  it('takes a KafkaUser over TLS from options, with the password from a file and SCRAM-SHA-512 by default', () => {
    const connection = resolveKafkaConnection(
      {
        brokers: 'kafka-0:9093, kafka-1:9093',
        saslUsername: 'producer',
        saslPasswordFile: '/run/password',
        caFile: '/run/ca.crt',
      },
      {},
      readFile,
    );
    expect(connection).toEqual({
      brokers: ['kafka-0:9093', 'kafka-1:9093'],
      sasl: { mechanism: 'scram-sha-512', username: 'producer', password: 'secret' },
      tls: { ca: '-----BEGIN CERTIFICATE-----' },
    });
  });

  it("falls back to the worker's environment variables, options winning", () => {
    const env = { KAFKA_BROKERS: 'a:1', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true' };
    expect(resolveKafkaConnection({ brokers: 'b:2' }, env, readFile)).toEqual({
      brokers: ['b:2'],
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      tls: { ca: undefined },
    });
  });

  it('names every problem with the option or variable that sets it', () => {
    expect(() =>
      resolveKafkaConnection(
        { brokers: 'kafka', saslMechanism: 'gssapi', caFile: '/missing.crt' },
        { KAFKA_SASL_USERNAME: 'u' },
        readFile,
      ),
    ).toThrow(
      [
        '--brokers (or KAFKA_BROKERS): expected host:port[,host:port…], got "kafka"',
        '--sasl-mechanism (or KAFKA_SASL_MECHANISM): expected one of plain, scram-sha-256, scram-sha-512, got "gssapi"',
        '--ca-file: cannot read /missing.crt (ENOENT: no such file or directory)',
      ].join('\n'),
    );
    expect(() => resolveKafkaConnection({ saslUsername: 'u' }, {}, readFile)).toThrow(
      'SASL user u needs a password: --sasl-password-file, KAFKA_SASL_PASSWORD_FILE or KAFKA_SASL_PASSWORD',
    );
    expect(() => resolveKafkaConnection({ saslMechanism: 'plain' }, {}, readFile)).toThrow(
      'SASL plain needs a user: --sasl-username or KAFKA_SASL_USERNAME',
    );
    expect(() =>
      resolveKafkaConnection({ saslUsername: 'u' }, { KAFKA_SASL_PASSWORD_FILE: '/nope' }, readFile),
    ).toThrow('KAFKA_SASL_PASSWORD_FILE: cannot read /nope');
  });
});
