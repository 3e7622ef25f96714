import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Admin, Kafka, Message } from 'kafkajs';
import { checkDelivery, describeReport } from './support/delivery-check';
import {
  createTestTopics,
  produceAll,
  readTopics,
  sharedBrokerAddress,
  testKafka,
  type TestTopics,
} from './support/kafka';
import { freePort, startReferenceModelServer, startWorkerProcess, type ChildHandle } from './support/processes';
import { loadProducts } from './support/products';
import { workerEnv } from './support/worker-env';

const productCount = 10_000;
const partitions = 4;

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateOutput = ajv.compile(
  JSON.parse(
    readFileSync(path.join(__dirname, '..', 'schemas', 'category-match-out.v1.schema.json'), 'utf8'),
  ) as object,
);

/** One poison record of each kind the worker rejects by itself, keyed so the test can find it. */
const poisons: { key: string; value: Buffer | null; reason: string }[] = [
  { key: 'poison-not-json', value: Buffer.from('{"schemaVersion": 1, "id": '), reason: 'invalid-json' },
  { key: 'poison-empty', value: null, reason: 'invalid-json' },
  {
    key: 'poison-version',
    value: Buffer.from(JSON.stringify({ schemaVersion: 2, id: 'poison-version', title: 'lg oled tv' })),
    reason: 'unsupported-schema-version',
  },
  {
    key: 'poison-no-title',
    value: Buffer.from(JSON.stringify({ schemaVersion: 1, id: 'poison-no-title' })),
    reason: 'schema-violation',
  },
  {
    key: 'poison-long-title',
    value: Buffer.from(JSON.stringify({ schemaVersion: 1, id: 'poison-long-title', title: 'tv '.repeat(400) })),
    reason: 'payload-too-large',
  },
  {
    key: 'poison-huge-value',
    value: Buffer.from(
      JSON.stringify({ schemaVersion: 1, id: 'poison-huge-value', title: 'tv', pad: 'x'.repeat(70_000) }),
    ),
    reason: 'payload-too-large',
  },
];

describe('worker pipeline against the real broker and model server', () => {
  const products = loadProducts(productCount);
  let kafka: Kafka;
  let admin: Admin;
  let topics: TestTopics;
  let modelServer: ChildHandle | undefined;
  let worker: ChildHandle | undefined;
  let metricsPort: number;

  beforeAll(async () => {
    kafka = testKafka(sharedBrokerAddress());
    admin = kafka.admin();
    await admin.connect();
    topics = await createTestTopics(admin, 'pipeline', partitions);
    const server = await startReferenceModelServer();
    modelServer = server;
    metricsPort = await freePort();
    worker = startWorkerProcess(workerEnv(sharedBrokerAddress(), topics, server.port, metricsPort));
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await modelServer?.stop();
    await admin?.disconnect();
  });

  it('classifies 10,000 titles exactly once and in order, sends each poison record to the DLQ, then stops on SIGTERM', async () => {
    const messages: Message[] = products.map((product) => ({
      key: product.id,
      value: JSON.stringify({ schemaVersion: 1, id: product.id, title: product.title }),
    }));
    // Poison records sit between valid neighbours, spread over the stream.
    poisons.forEach((poison, index) =>
      messages.splice((index + 1) * 1_000, 0, { key: poison.key, value: poison.value }),
    );
    const started = Date.now();
    await produceAll(kafka, topics.input, messages);

    const records = await readTopics(
      kafka,
      [topics.output, topics.dlq],
      (read) =>
        new Set(read.filter((r) => r.topic === topics.output).map((r) => r.key)).size >= productCount &&
        read.filter((r) => r.topic === topics.dlq).length >= poisons.length,
      240_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const results = records.filter((record) => record.topic === topics.output);
    const deadLetters = records.filter((record) => record.topic === topics.dlq);

    const report = checkDelivery(
      products.map((product) => product.id),
      results,
    );
    const categoryOf = new Map(products.map((product) => [product.id, product.category]));
    const values = results.map((record) => JSON.parse(String(record.value)) as { id: string; category: string });
    const correct = values.filter((value) => categoryOf.get(value.id) === value.category).length;
    console.log(
      `${describeReport('pipeline', report)}; ${(results.length / seconds).toFixed(0)} results/s end to end; ` +
        `accuracy ${((100 * correct) / results.length).toFixed(1)}%`,
    );

    expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(results).toHaveLength(productCount);
    expect(values.filter((value) => !validateOutput(value))).toEqual([]);
    expect(correct / results.length).toBeGreaterThan(0.85);
    expect(new Set(results.map((record) => record.headers['x-model-version']))).toEqual(new Set(['v1']));
    expect(results.every((record) => record.headers['x-correlation-id'] !== undefined)).toBe(true);

    const reasons = Object.fromEntries(deadLetters.map((record) => [record.key, record.headers['x-dlq-reason']]));
    expect(reasons).toEqual(Object.fromEntries(poisons.map((poison) => [poison.key, poison.reason])));
    for (const poison of poisons) {
      const letter = deadLetters.find((record) => record.key === poison.key);
      expect(letter?.value ?? null).toEqual(poison.value);
      expect(letter?.headers).toMatchObject({ 'x-dlq-source-topic': topics.input });
    }

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const produced = [...metrics.matchAll(/^worker_messages_produced_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(produced).toBe(productCount);

    const stopAsked = Date.now();
    worker?.signal('SIGTERM');
    expect(await worker?.exited).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(25_000);
  }, 300_000);
});
