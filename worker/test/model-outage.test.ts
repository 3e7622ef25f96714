import { readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { Admin, Kafka } from 'kafkajs';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { checkDelivery, describeReport } from './support/delivery-check';
import { createTestTopics, produceAll, readTopics, sharedBrokerAddress, testKafka } from './support/kafka';
import { produceWithPoison, readOutputs } from './support/poisoned-stream';
import {
  freePort,
  startModelServer,
  startReferenceModelServer,
  startWorkerProcess,
  waitForOk,
  type ChildHandle,
} from './support/processes';
import { loadProducts } from './support/products';
import { productMessages, untilAllIds } from './support/stream';
import { metricSum, waitForMetric, workerEnv } from './support/worker-env';

const count = 1_000;
const duringOutage = 1_000;

/**
 * A TCP proxy in front of the model server that holds every connection until `releaseAt`, as Knative's activator
 * holds requests while a predictor scales from zero.
 */
async function holdingProxy(upstreamPort: number, releaseAt: number): Promise<Server> {
  const proxy = createServer((client) => {
    client.pause();
    setTimeout(
      () => {
        const upstream = connect(upstreamPort, '127.0.0.1');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      },
      Math.max(0, releaseAt - Date.now()),
    );
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

describe('model API unavailable', () => {
  const products = loadProducts(count + duringOutage, 13);
  let kafka: Kafka;
  let admin: Admin;
  let modelServer: ChildHandle | undefined;
  let worker: ChildHandle | undefined;

  beforeAll(async () => {
    kafka = testKafka(sharedBrokerAddress());
    admin = kafka.admin();
    await admin.connect();
  });

  afterEach(async () => {
    await worker?.stop();
    await modelServer?.stop();
  });

  afterAll(async () => {
    await admin?.disconnect();
  });

  it('when the model server starts only after the worker and is then down for 30 s, nothing is lost, the worker keeps its group membership and results resume', async () => {
    const topics = await createTestTopics(admin, 'outage', 4);
    await produceAll(kafka, topics.input, productMessages(products.slice(0, count)));
    const modelDir = await ensureReferenceModel();
    const modelPort = await freePort();
    const metricsPort = await freePort();
    worker = startWorkerProcess(
      workerEnv(sharedBrokerAddress(), topics, modelPort, metricsPort, { MODEL_TIMEOUT_MS: '2000' }),
    );

    // No model server yet: the worker joins, pauses its partitions and retries, producing nothing.
    await waitForOk(`http://127.0.0.1:${metricsPort}/readyz`, 60_000, worker);
    await waitForMetric(metricsPort, 'worker_retries_total', 3, 30_000);
    expect(await metricSum(metricsPort, 'worker_paused_partitions')).toBeGreaterThan(0);
    expect(await metricSum(metricsPort, 'worker_messages_produced_total')).toBe(0);

    modelServer = await startModelServer(modelDir, modelPort);
    await waitForMetric(metricsPort, 'worker_messages_produced_total', count / 4, 60_000);

    await modelServer.stop();
    // The stream goes on while the model is down, poison of every kind among it.
    const duringTheOutage = await produceWithPoison(kafka, topics, products.slice(count), 2);
    const retriesBefore = (await metricSum(metricsPort, 'worker_retries_total')) ?? 0;
    const outageEnds = Date.now() + 30_000;
    while (Date.now() < outageEnds) {
      // Still a group member all along: heartbeats go on while partitions wait for the model.
      expect((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status).toBe(200);
      await sleep(2_000);
    }
    const retriesDuring = ((await metricSum(metricsPort, 'worker_retries_total')) ?? 0) - retriesBefore;
    expect(await metricSum(metricsPort, 'worker_paused_partitions')).toBeGreaterThan(0);
    modelServer = await startModelServer(modelDir, modelPort);

    const inputs = { ids: products.map((product) => product.id), poison: duringTheOutage.poison };
    const { results: report, deadLetters } = await readOutputs(kafka, topics, inputs, 90_000);
    const joins = readFileSync(worker.logFile, 'utf8').match(/joined consumer group/g)?.length ?? 0;
    console.log(
      `${describeReport('model outage', report)}; ${retriesDuring} retries in the 30 s outage; ${joins} group join(s)`,
    );
    console.log(describeReport('  dead letters, by input position', deadLetters));
    expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(deadLetters).toMatchObject({ missing: [], duplicated: [], unexpected: [] });
    expect(joins).toBe(1);
    // Backoff, not a busy loop: a handful of retries per paused partition over 30 s.
    expect(retriesDuring).toBeGreaterThan(0);
    expect(retriesDuring).toBeLessThan(100);
  }, 240_000);

  it('when the model API holds requests longer than the session timeout (a cold start), the worker keeps its group membership and delivers everything once', async () => {
    const topics = await createTestTopics(admin, 'cold-start', 2);
    const held = products.slice(0, 200);
    await produceAll(kafka, topics.input, productMessages(held));
    const server = await startReferenceModelServer();
    modelServer = server;
    // Held 40 s, four times the 10 s session timeout the stories use: without heartbeats while the request
    // waits, the broker drops the member and the group rebalances (seen: a second join at about 40 s).
    const proxy = await holdingProxy(server.port, Date.now() + 40_000);
    const { port: proxyPort } = proxy.address() as AddressInfo;
    try {
      const metricsPort = await freePort();
      worker = startWorkerProcess(
        workerEnv(sharedBrokerAddress(), topics, proxyPort, metricsPort, { MODEL_TIMEOUT_MS: '120000' }),
      );
      const records = await readTopics(kafka, [topics.output], untilAllIds(held.length, topics.output), 90_000);
      const report = checkDelivery(
        held.map((product) => product.id),
        records,
      );
      const joins = readFileSync(worker.logFile, 'utf8').match(/joined consumer group/g)?.length ?? 0;
      console.log(`${describeReport('cold start held 40 s', report)}; ${joins} group join(s)`);
      expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
      expect(joins).toBe(1);
    } finally {
      proxy.close();
    }
  }, 120_000);
});
