import { checkDelivery, type DeliveryReport } from './delivery-check';
import { produceAll, readTopics, testKafka, type TestTopics } from './kafka';
import { freePort, startReferenceModelServer, startWorkerProcess, type ChildHandle } from './processes';
import type { LabelledProduct } from './products';
import { productMessages, untilAllIds } from './stream';
import { waitForMetric, workerEnv } from './worker-env';

/** The processes a story started, for its `afterAll` to stop whatever got started. */
export interface StoryProcesses {
  modelServer?: ChildHandle;
  worker?: ChildHandle;
}

export interface RestartOutcome {
  /** Results the worker had produced when the restart began. */
  producedBefore: number;
  report: DeliveryReport;
  /** Whether the worker process is still running at the end (it must ride through). */
  workerAlive: boolean;
}

/** Small model batches and transactions keep the stream going, transaction after transaction, while a broker restarts. */
export const storyBatchSize = 4;
export const storyTransactionRecords = 128;

/**
 * Streams the products through the real model server and a worker (exactly-once), runs `restart` once a tenth of
 * the results are out, then reads the output topic until every id arrived (or 120 s passed) and checks it.
 */
export async function streamThroughRestart(
  processes: StoryProcesses,
  options: { bootstrap: string; topics: TestTopics; products: LabelledProduct[]; restart: () => Promise<void> },
): Promise<RestartOutcome> {
  const { bootstrap, topics, products } = options;
  await produceAll(testKafka(bootstrap), topics.input, productMessages(products));
  const modelServer = await startReferenceModelServer();
  processes.modelServer = modelServer;
  const metricsPort = await freePort();
  const worker = startWorkerProcess(
    workerEnv(bootstrap, topics, modelServer.port, metricsPort, {
      MAX_BATCH_SIZE: String(storyBatchSize),
      TRANSACTION_MAX_RECORDS: String(storyTransactionRecords),
    }),
  );
  processes.worker = worker;
  let workerAlive = true;
  void worker.exited.then(() => (workerAlive = false));

  const producedBefore = await waitForMetric(
    metricsPort,
    'worker_messages_produced_total',
    products.length / 10,
    60_000,
  );
  await options.restart();
  const records = await readTopics(
    testKafka(bootstrap),
    [topics.output],
    untilAllIds(products.length, topics.output),
    120_000,
  );
  const report = checkDelivery(
    products.map((product) => product.id),
    records,
  );
  return { producedBefore, report, workerAlive };
}
