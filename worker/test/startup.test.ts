import { readFileSync } from 'node:fs';
import { createTestTopics, produceAll, readTopics, sharedBrokerAddress, sharedBrokerSasl } from './support/kafka';
import { freePort, startWorkerProcess } from './support/processes';
import { useStoryServices } from './support/story';
import { workerEnv } from './support/worker-env';

describe('worker start-up', () => {
  const story = useStoryServices(sharedBrokerAddress);

  it('authenticates with SCRAM-SHA-512 on the SASL listener and processes messages', async () => {
    const topics = await createTestTopics(story.admin, 'sasl', 2);
    const { sasl: address, username, password } = sharedBrokerSasl();
    const worker = startWorkerProcess(
      workerEnv(address, topics, story.modelPort, await freePort(), {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: username,
        KAFKA_SASL_PASSWORD: password,
      }),
    );
    story.workers.push(worker);
    const messages = Array.from({ length: 50 }, (_, index) => ({
      key: `sku-${index}`,
      value: JSON.stringify({ schemaVersion: 1, id: `sku-${index}`, title: `samsung 55 inch 4k smart tv ${index}` }),
    }));
    await produceAll(story.kafka, topics.input, messages);
    const records = await readTopics(story.kafka, [topics.output], (read) => read.length >= 50, 60_000);
    expect(new Set(records.map((record) => record.key)).size).toBe(50);
  }, 90_000);

  it('with a wrong password, exits at once with an error that names the user and the variables to check', async () => {
    const topics = await createTestTopics(story.admin, 'sasl-wrong', 1);
    const { sasl: address, username } = sharedBrokerSasl();
    const started = Date.now();
    const worker = startWorkerProcess(
      workerEnv(address, topics, 1, await freePort(), {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: username,
        KAFKA_SASL_PASSWORD: 'not-the-password',
      }),
    );
    story.workers.push(worker);
    expect(await worker.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readFileSync(worker.logFile, 'utf8')).toContain(`Kafka rejected the credentials of user \\"${username}\\"`);
  }, 60_000);

  it('with a bad environment, exits with status 2 and lists every wrong variable', async () => {
    const worker = startWorkerProcess({ KAFKA_BROKERS: 'nowhere', MODEL_URL: 'not a url', DELIVERY: 'twice' });
    story.workers.push(worker);
    expect(await worker.exited).toBe(2);
    const log = readFileSync(worker.logFile, 'utf8');
    for (const variable of ['KAFKA_BROKERS', 'MODEL_URL', 'DELIVERY']) expect(log).toContain(variable);
  }, 30_000);
});
