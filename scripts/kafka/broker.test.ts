import { Kafka, KafkaJSSASLAuthenticationError, logLevel, type SASLOptions } from 'kafkajs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { acquireBroker, type BrokerInfo, brokerStatus, ensureBroker, startBroker, stopBroker } from './broker';
import { repoRoot } from './broker-config';
import { isAlive } from './processes';
import { createTopicsAndWait } from './topics';

// An instance of its own, so these tests never disturb the default broker others may be using; its ports lie
// below Linux's ephemeral range (32768-60999), where no client connection can be holding them.
const options = { stateDir: path.join(repoRoot, '.kafka', 'harness-test'), portBase: 28092 };
let broker: BrokerInfo;

function client(bootstrap: string, sasl?: SASLOptions, ssl?: ConnectionOptions): Kafka {
  return new Kafka({
    clientId: 'harness-test',
    brokers: [bootstrap],
    sasl,
    ssl,
    connectionTimeout: 3_000,
    authenticationTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 200 },
    logLevel: logLevel.NOTHING,
  });
}

async function roundTrip(kafka: Kafka, topic: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'sku-1', value: `hello ${topic}` }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-reader`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 20 s`)), 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(message.value?.toString() ?? '');
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

beforeAll(async () => {
  await rm(options.stateDir, { recursive: true, force: true });
  broker = await startBroker(options);
}, 90_000);

afterAll(async () => {
  await stopBroker(options);
  await rm(options.stateDir, { recursive: true, force: true });
}, 60_000);

describe('local Kafka broker', () => {
  it('runs the pinned Kafka version with both listeners on loopback', () => {
    expect(broker.version).toBe('4.3.1');
    expect(broker.plaintext).toBe('127.0.0.1:28092');
    expect(broker.sasl).toBe('127.0.0.1:28093');
    expect(broker.saslSsl).toBe('127.0.0.1:28095');
    expect(broker.scram.mechanism).toBe('scram-sha-512');
  });

  it('writes the generated SCRAM credentials to credentials.json', async () => {
    const written: unknown = JSON.parse(await readFile(path.join(options.stateDir, 'credentials.json'), 'utf8'));
    expect(written).toEqual(broker.scram);
  });

  it('delivers a message produced and consumed on the PLAINTEXT listener', async () => {
    await expect(roundTrip(client(broker.plaintext), 'harness-plaintext')).resolves.toBe('hello harness-plaintext');
  }, 40_000);

  it('delivers a message produced and consumed on the SASL_PLAINTEXT listener with SCRAM-SHA-512', async () => {
    const sasl = {
      mechanism: 'scram-sha-512' as const,
      username: broker.scram.username,
      password: broker.scram.password,
    };
    await expect(roundTrip(client(broker.sasl, sasl), 'harness-sasl')).resolves.toBe('hello harness-sasl');
  }, 40_000);

  it('delivers a message on the SASL_SSL listener to a client that verifies the broker against the CA', async () => {
    const sasl = {
      mechanism: 'scram-sha-512' as const,
      username: broker.scram.username,
      password: broker.scram.password,
    };
    const ssl = { ca: [await readFile(broker.caFile, 'utf8')] };
    await expect(roundTrip(client(broker.saslSsl, sasl, ssl), 'harness-tls')).resolves.toBe('hello harness-tls');
  }, 40_000);

  it('keeps its CA across restarts, so a client that trusted it once still does', async () => {
    const before = await readFile(broker.caFile, 'utf8');
    await stopBroker(options);
    broker = await startBroker(options);
    expect(await readFile(broker.caFile, 'utf8')).toBe(before);
  }, 60_000);

  it('creates topics whose every partition has a leader when the call returns', async () => {
    const admin = client(broker.plaintext).admin();
    await admin.connect();
    try {
      const topics = ['harness-ready-a', 'harness-ready-b'];
      await createTopicsAndWait(
        admin,
        topics.map((topic) => ({ topic, numPartitions: 6 })),
      );
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leadersPerTopic = Object.fromEntries(
        metadata.map(({ name, partitions }) => [name, partitions.filter(({ leader }) => leader === 1).length]),
      );
      expect(leadersPerTopic).toEqual({ 'harness-ready-a': 6, 'harness-ready-b': 6 });
    } finally {
      await admin.disconnect();
    }
  }, 40_000);

  it('refuses a wrong SCRAM password with an authentication error instead of hanging', async () => {
    const sasl = { mechanism: 'scram-sha-512' as const, username: broker.scram.username, password: 'not-the-password' };
    const admin = client(broker.sasl, sasl).admin();
    const startedAt = Date.now();
    const failure = await admin.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    await admin.disconnect();
    expect(failure).toBeInstanceOf(KafkaJSSASLAuthenticationError);
    expect(String(failure)).toMatch(/SASL SCRAM SHA512 authentication failed/i);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  }, 20_000);

  it('returns the running instance when started again', async () => {
    const again = await ensureBroker(options);
    expect(again.started).toBe(false);
    expect(again.info.pid).toBe(broker.pid);
  });
});

describe('broker state', () => {
  const staleDir = path.join(repoRoot, '.kafka', 'harness-test-stale');

  afterAll(async () => {
    await rm(staleDir, { recursive: true, force: true });
  });

  it('treats a pid file whose process is gone as not running and clears it', async () => {
    await mkdir(staleDir, { recursive: true });
    const stale = {
      version: '4.3.1',
      pid: 2 ** 22 + 1, // above Linux's pid_max, so no process can have it
      plaintext: '127.0.0.1:1',
      sasl: '127.0.0.1:2',
      saslSsl: '127.0.0.1:4',
      caFile: path.join(staleDir, 'tls', 'ca.pem'),
      stateDir: staleDir,
      portBase: 28192,
      startedAt: new Date().toISOString(),
    };
    await writeFile(path.join(staleDir, 'broker.json'), JSON.stringify(stale));
    await writeFile(
      path.join(staleDir, 'credentials.json'),
      JSON.stringify({ mechanism: 'scram-sha-512', username: 'u', password: 'p' }),
    );
    await expect(brokerStatus({ stateDir: staleDir })).resolves.toBeUndefined();
    await expect(readFile(path.join(staleDir, 'broker.json'))).rejects.toThrow(/ENOENT/);
    await expect(stopBroker({ stateDir: staleDir })).resolves.toBe('not running');
  });

  it('stops the JVM and leaves no broker process behind', async () => {
    const { pid } = await startBroker(options);
    await expect(stopBroker(options)).resolves.toBe('stopped');
    await expect(isAlive(pid)).resolves.toBe(false);
    await expect(brokerStatus(options)).resolves.toBeUndefined();
  }, 60_000);

  it('keeps a broker started for leaseholders running until the last one releases it', async () => {
    const first = await acquireBroker(options);
    const second = await acquireBroker(options);
    expect(first.started).toBe(true);
    expect(second.started).toBe(false);
    await expect(first.release()).resolves.toBe('still in use');
    await expect(isAlive(first.info.pid)).resolves.toBe(true);
    await expect(second.release()).resolves.toBe('stopped');
    await expect(isAlive(first.info.pid)).resolves.toBe(false);
  }, 60_000);

  it('never stops on release a broker that was started explicitly', async () => {
    const lease = await acquireBroker(options);
    await startBroker(options);
    await expect(lease.release()).resolves.toBe('kept running');
    await expect(isAlive(lease.info.pid)).resolves.toBe(true);
    await expect(stopBroker(options)).resolves.toBe('stopped');
  }, 60_000);
});
