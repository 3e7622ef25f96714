import type { Admin, Kafka } from 'kafkajs';
import { checkDelivery, describeReport } from './support/delivery-check';
import { createTestTopics, produceAll, readTopics, startOwnBroker, testKafka } from './support/kafka';
import { freePort, startReferenceModelServer, startWorkerProcess, type ChildHandle } from './support/processes';
import { loadProducts } from './support/products';
import { productMessages, untilAllIds } from './support/stream';
import { waitForMetric, workerEnv } from './support/worker-env';

const count = 5_000;
// Small model batches make the worker slow enough to be killed mid-stream, and mean many more transactions.
const slow = { MAX_BATCH_SIZE: '4' };
const partitions = 4;

describe('worker killed with SIGKILL mid-stream, then restarted', () => {
  const products = loadProducts(count, 5);
  const ids = products.map((product) => product.id);
  let broker: Awaited<ReturnType<typeof startOwnBroker>>;
  let kafka: Kafka;
  let admin: Admin;
  let modelServer: ChildHandle | undefined;
  let modelPort: number;
  const workers: ChildHandle[] = [];

  beforeAll(async () => {
    broker = await startOwnBroker('crash', 29192);
    kafka = testKafka(broker.plaintext);
    admin = kafka.admin();
    await admin.connect();
    const server = await startReferenceModelServer();
    modelServer = server;
    modelPort = server.port;
  }, 120_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  afterAll(async () => {
    await modelServer?.stop();
    await admin?.disconnect();
    await broker?.stop();
  }, 60_000);

  async function killMidStreamAndRestart(delivery: string, killAfter: number) {
    const topics = await createTestTopics(admin, `crash-${delivery}`, partitions);
    await produceAll(kafka, topics.input, productMessages(products));
    const firstPort = await freePort();
    const first = startWorkerProcess(
      workerEnv(broker.plaintext, topics, modelPort, firstPort, { DELIVERY: delivery, ...slow }),
    );
    workers.push(first);
    const producedBeforeKill = await waitForMetric(firstPort, 'worker_messages_produced_total', killAfter, 60_000);
    first.signal('SIGKILL');
    expect(producedBeforeKill).toBeLessThan(count);
    expect(await first.exited).toBe('SIGKILL');

    const secondPort = await freePort();
    workers.push(
      startWorkerProcess(workerEnv(broker.plaintext, topics, modelPort, secondPort, { DELIVERY: delivery, ...slow })),
    );
    const records = await readTopics(kafka, [topics.output], untilAllIds(count, topics.output), 90_000);
    const report = checkDelivery(ids, records);
    console.log(`${describeReport(`kill -9 (${delivery}) after ${producedBeforeKill} results`, report)}`);
    return report;
  }

  // Published analyses found transaction anomalies only under repeated faults: two kill points, each reported.
  it.each([count / 10, count / 2])(
    'in exactly-once mode, killed after about %i results, every id comes out exactly once',
    async (killAfter) => {
      const report = await killMidStreamAndRestart('exactly-once', killAfter);
      expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    },
    180_000,
  );

  it('in at-least-once mode no id is missing', async () => {
    const report = await killMidStreamAndRestart('at-least-once', count / 10);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
  }, 180_000);
});
