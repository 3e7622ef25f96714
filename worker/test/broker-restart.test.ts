import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { ensureReferenceModel } from '../../model-server/test/reference-model';
import { chunksPerTransaction } from '../src/kafka/worker-loop';
import { checkDelivery, describeReport } from './support/delivery-check';
import { createTestTopics, produceAll, readTopics, startOwnBroker, testKafka } from './support/kafka';
import { freePort, startModelServer, startWorkerProcess, type ChildHandle } from './support/processes';
import { loadProducts } from './support/products';
import { productMessages, untilAllIds } from './support/stream';
import { waitForMetric, workerEnv } from './support/worker-env';

const count = 5_000;
const partitions = 4;
const maxBatchSize = 4;
const recordsPerTransaction = maxBatchSize * chunksPerTransaction;

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

  // Exactly-once across a broker restart is NOT guaranteed today. In about one run in five, a transaction in flight
  // when the broker stops is left in the output partition with neither a commit nor an abort marker, and the
  // coordinator bumps the producer epoch without aborting it, so read_committed readers see its records as well as
  // their redelivery (seen: 128 duplicates, one transaction; the partition log showed records of epoch 0 without a
  // marker followed by epoch 1). The story therefore requires no loss and no reordering, and reports duplicates,
  // bounded by one transaction per partition, instead of asserting none.
  it('in exactly-once mode the worker rides through: nothing lost or reordered, duplicates reported', async () => {
    broker = await startOwnBroker('restart', 29292);
    let kafka: Kafka = testKafka(broker.plaintext);
    const admin = kafka.admin();
    await admin.connect();
    const topics = await createTestTopics(admin, 'restart', partitions);
    await admin.disconnect();
    await produceAll(kafka, topics.input, productMessages(products));
    const modelPort = await freePort();
    modelServer = await startModelServer(await ensureReferenceModel(), modelPort);
    const metricsPort = await freePort();
    // Small model batches keep the stream going while the broker restarts.
    worker = startWorkerProcess(
      workerEnv(broker.plaintext, topics, modelPort, metricsPort, { MAX_BATCH_SIZE: String(maxBatchSize) }),
    );

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
    expect(report).toMatchObject({ missing: [], outOfOrder: [], unexpected: [] });
    expect(report.duplicated.length).toBeLessThanOrEqual(partitions * recordsPerTransaction);
    let exited = false;
    void worker.exited.then(() => (exited = true));
    expect(exited).toBe(false);
  }, 240_000);
});
