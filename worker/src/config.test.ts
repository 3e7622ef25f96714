import { ConfigError, loadConfig } from './config';

const minimal = { KAFKA_BROKERS: 'localhost:9092', MODEL_URL: 'http://model:8080/' };
const noFiles = (file: string): string => {
  throw new Error(`ENOENT: ${file}`);
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, noFiles);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills every optional variable with its documented default', () => {
    const config = loadConfig(minimal, noFiles);
    expect(config).toEqual({
      kafka: {
        brokers: ['localhost:9092'],
        clientId: 'category-match-worker',
        groupId: 'category-match-worker',
        inputTopic: 'category-match-in',
        outputTopic: 'category-match-out',
        dlqTopic: 'category-match-dlq',
        sessionTimeoutMs: 30_000,
        fetchMaxWaitMs: 100,
        fetchMinBytes: 1,
        sasl: undefined,
        ssl: undefined,
      },
      model: { url: 'http://model:8080', name: 'category-classifier', protocol: 'v2', timeoutMs: 30_000 },
      maxBatchSize: 64,
      transactionMaxRecords: 2_048,
      partitionBufferRecords: 0,
      transactionRetryBackoffMs: 2,
      abstainBelowScore: 0,
      delivery: 'exactly-once',
      metricsPort: 9464,
      logLevel: 'info',
    });
  });

  it('lists every wrong variable in one error', () => {
    const problems = problemsOf({
      KAFKA_BROKERS: 'no-port',
      MODEL_URL: 'ftp://model',
      MODEL_PROTOCOL: 'v3',
      MAX_BATCH_SIZE: '0',
      TRANSACTION_MAX_RECORDS: '0',
      PARTITION_BUFFER_RECORDS: '-1',
      DELIVERY: 'maybe',
      METRICS_PORT: 'abc',
      ABSTAIN_BELOW_SCORE: '1.5',
    });
    const named = problems.map((problem) => problem.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS.0',
        'MODEL_URL',
        'MODEL_PROTOCOL',
        'MAX_BATCH_SIZE',
        'TRANSACTION_MAX_RECORDS',
        'PARTITION_BUFFER_RECORDS',
        'DELIVERY',
        'METRICS_PORT',
        'ABSTAIN_BELOW_SCORE',
      ]),
    );
  });

  it('names missing required variables', () => {
    expect(problemsOf({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^KAFKA_BROKERS: /), expect.stringMatching(/^MODEL_URL: /)]),
    );
  });

  it('reads the SASL password from a file and drops its trailing newline', () => {
    const config = loadConfig(
      {
        ...minimal,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'worker',
        KAFKA_SASL_PASSWORD_FILE: '/secrets/password',
      },
      (file) => (file === '/secrets/password' ? 's3cret\n' : noFiles(file)),
    );
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'worker', password: 's3cret' });
  });

  it('when SASL is asked for without credentials, the error names the username and password variables', () => {
    const problems = problemsOf({ ...minimal, KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(problems).toEqual([
      expect.stringMatching(/^KAFKA_SASL_USERNAME: /),
      expect.stringMatching(/^KAFKA_SASL_PASSWORD: /),
    ]);
  });

  it('when the password file cannot be read, the error names the file', () => {
    const problems = problemsOf({
      ...minimal,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'worker',
      KAFKA_SASL_PASSWORD_FILE: '/missing',
    });
    expect(problems).toEqual([expect.stringContaining('cannot read /missing')]);
  });

  it('turns TLS on with the CA file content when a CA file is given', () => {
    const config = loadConfig({ ...minimal, KAFKA_SSL_CA_FILE: '/ca.pem' }, () => 'PEM');
    expect(config.kafka.ssl).toEqual({ ca: 'PEM', caFile: '/ca.pem' });
  });

  it('accepts several brokers separated by commas', () => {
    const config = loadConfig({ ...minimal, KAFKA_BROKERS: 'a:9092, b:9093' }, noFiles);
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
  });
});
