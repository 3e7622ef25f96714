import type { Admin, Kafka } from 'kafkajs';
import pino from 'pino';
import { TransactionalDelivery } from '../src/kafka/delivery';
import type { ClassifiedRecords } from '../src/processing/classify-records';
import { createTestTopics, readTopics, sharedBrokerAddress, testKafka, type TestTopics } from './support/kafka';

const silent = pino({ level: 'silent' });

function resultsFor(worker: string, count: number): ClassifiedRecords {
  const results = Array.from({ length: count }, (_, index) => ({
    key: `sku-${index}`,
    value: JSON.stringify({ by: worker, index }),
    headers: {},
  }));
  return { results, deadLetters: [], inferred: count, stageTimes: [] };
}

describe('zombie fencing with one transactional producer per input partition', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TestTopics;
  const deliveries: TransactionalDelivery[] = [];

  beforeAll(async () => {
    kafka = testKafka(sharedBrokerAddress());
    admin = kafka.admin();
    await admin.connect();
    topics = await createTestTopics(admin, 'fencing', 1);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(deliveries.map((delivery) => delivery.close()));
    await admin?.disconnect();
  });

  it('when a second worker takes the partition over, the first one can no longer commit and its records stay invisible', async () => {
    const names = { groupId: topics.group, inputTopic: topics.input, outputTopic: topics.output, dlqTopic: topics.dlq };
    const zombie = new TransactionalDelivery(kafka, admin, names, silent, 2);
    const successor = new TransactionalDelivery(kafka, admin, names, silent, 2);
    deliveries.push(zombie, successor);

    expect(await zombie.firstUndelivered(0)).toBeUndefined();
    await zombie.deliver(0, resultsFor('zombie', 2), '2');

    // The successor initialises the same transactional id: the zombie's producer epoch is now stale.
    expect(await successor.firstUndelivered(0)).toBe(2n);
    await expect(zombie.deliver(0, resultsFor('zombie-late', 2), '4')).rejects.toThrow(/fenced|epoch|transactional/i);
    await successor.deliver(0, resultsFor('successor', 2), '4');

    const records = await readTopics(kafka, [topics.output], (read) => read.length >= 4, 20_000);
    const writers = records.map((record) => (JSON.parse(String(record.value)) as { by: string }).by);
    expect(writers).toEqual(['zombie', 'zombie', 'successor', 'successor']);
    const [offsets] = await admin.fetchOffsets({ groupId: topics.group, topics: [topics.input] });
    expect(offsets?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '4' })]);
  }, 60_000);
});
