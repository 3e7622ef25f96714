import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCertificateAuthority, requireJava } from '@category-match/kafka-harness';
import { createTestTopics, produceAll, readTopics, sharedBrokerAddress, sharedBrokerSasl } from './support/kafka';
import { testStateRoot } from './support/paths';
import { freePort, startWorkerProcess, type ChildHandle } from './support/processes';
import { useStoryServices } from './support/story';
import { workerEnv } from './support/worker-env';

// The platform's brokers take clients on SASL_SSL with SCRAM-SHA-512 (Strimzi's tls listener); so does the local
// broker's TLS listener, its certificate signed by a CA made when the broker's state was.
describe('the worker over SASL_SSL', () => {
  const story = useStoryServices(sharedBrokerAddress);

  async function startOverTls(
    name: string,
    overrides: { caFile?: string; password?: string },
  ): Promise<{ worker: ChildHandle; topics: Awaited<ReturnType<typeof createTestTopics>>; startedAt: number }> {
    const topics = await createTestTopics(story.admin, name, 2);
    const broker = sharedBrokerSasl();
    const startedAt = Date.now();
    const worker = startWorkerProcess(
      workerEnv(broker.saslSsl, topics, story.modelPort, await freePort(), {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: broker.username,
        KAFKA_SASL_PASSWORD: overrides.password ?? broker.password,
        KAFKA_SSL_CA_FILE: overrides.caFile ?? broker.caFile,
      }),
    );
    story.workers.push(worker);
    return { worker, topics, startedAt };
  }

  it('verifies the broker against the CA, authenticates with SCRAM-SHA-512 and processes messages', async () => {
    const { topics } = await startOverTls('tls', {});
    const messages = Array.from({ length: 40 }, (_, index) => ({
      key: `sku-${index}`,
      value: JSON.stringify({ schemaVersion: 1, id: `sku-${index}`, title: `lenovo thinkpad x1 carbon ${index}` }),
    }));
    await produceAll(story.kafka, topics.input, messages);
    const records = await readTopics(story.kafka, [topics.output], (read) => read.length >= 40, 60_000);
    expect(new Set(records.map((record) => record.key)).size).toBe(40);
  }, 90_000);

  it('with a CA that did not sign the broker, exits at once naming the variable, the file and the cause', async () => {
    const otherCa = await createCertificateAuthority(
      await requireJava(),
      path.join(testStateRoot, 'worker-tests-other-ca'),
      'other-ca-password',
      'some other CA',
    );
    const { worker, startedAt } = await startOverTls('tls-wrong-ca', { caFile: otherCa.caFile });
    expect(await worker.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    const log = readFileSync(worker.logFile, 'utf8');
    expect(log).toContain(`is not trusted by KAFKA_SSL_CA_FILE (${otherCa.caFile})`);
    expect(log).toContain('SELF_SIGNED_CERT_IN_CHAIN');
  }, 60_000);

  it('with a wrong password, exits at once naming the user and the variables to check', async () => {
    const { worker, startedAt } = await startOverTls('tls-wrong-password', { password: 'not-the-password' });
    expect(await worker.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    const { username } = sharedBrokerSasl();
    expect(readFileSync(worker.logFile, 'utf8')).toContain(`Kafka rejected the credentials of user \\"${username}\\"`);
  }, 60_000);
});
