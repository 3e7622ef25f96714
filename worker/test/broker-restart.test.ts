import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { ensureReferenceModel } from '../../model-server/test/reference-model';
import { checkDelivery, describeReport } from './support/delivery-check';
import { createTestTopics, produceAll, readTopics, startOwnBroker, testKafka } from './support/kafka';
import { freePort, startModelServer, startWorkerProcess, type ChildHandle } from './support/processes';
import { loadProducts } from './support/products';
import { productMessages, untilAllIds } from './support/stream';
import { waitForMetric, workerEnv } from './support/worker-env';

const count = 5_000;

describe('broker restarted mid-stream', () => {
  const products = loadProducts(count, 6);
  let broker: Awaited<ReturnType<typeof startOwnBroker>> | undefined;
  let modelServer: ChildHandle | undefined;
  let worker: ChildHandle | undefined;

  afterAll(async () => {
    await worker?.stop();
    await modelServer?.stop();
    await broker?.stop();
  }, 60_000);

  it('in exactly-once mode the worker rides through and every id comes out exactly once', async () => {
    broker = await startOwnBroker('restart', 29292);
    let kafka: Kafka = testKafka(broker.plaintext);
    const admin = kafka.admin();
    await admin.connect();
    const topics = await createTestTopics(admin, 'restart', 4);
    await admin.disconnect();
    await produceAll(kafka, topics.input, productMessages(products));
    const modelPort = await freePort();
    modelServer = await startModelServer(await ensureReferenceModel(), modelPort);
    const metricsPort = await freePort();
    // Small model batches keep the stream going while the broker restarts.
    worker = startWorkerProcess(workerEnv(broker.plaintext, topics, modelPort, metricsPort, { MAX_BATCH_SIZE: '4' }));

    const before = await waitForMetric(metricsPort, 'worker_messages_produced_total', count / 10, 60_000);
    await broker.stop();
    expect(before).toBeLessThan(count);
    await sleep(3_000);
    broker = await startOwnBroker('restart', 29292);
    kafka = testKafka(broker.plaintext);

    const records = await readTopics(kafka, [topics.output], untilAllIds(count, topics.output), 120_000);
    const report = checkDelivery(
      products.map((product) => product.id),
      records,
    );
    console.log(describeReport(`broker restart after ${before} results`, report));
    expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    let exited = false;
    void worker.exited.then(() => (exited = true));
    expect(exited).toBe(false);
  }, 240_000);
});
