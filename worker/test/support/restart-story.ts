import type { DeliveryReport } from './delivery-check';
import { testKafka, type TestTopics } from './kafka';
import { produceWithPoison, readOutputs } from './poisoned-stream';
import { freePort, startReferenceModelServer, startWorkerProcess, type ChildHandle } from './processes';
import type { LabelledProduct } from './products';
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
  /** The poison among the products, each expected exactly once in the DLQ. */
  deadLetters: DeliveryReport;
  /** Whether the worker process is still running at the end (it must ride through). */
  workerAlive: boolean;
}

/** Small model batches and transactions keep the stream going, transaction after transaction, while a broker restarts. */
export const storyBatchSize = 4;
export const storyTransactionRecords = 128;

/** Poison messages of each kind among a restart story's products: the DLQ is checked like the output. */
const poisonPerKind = 2;

/**
 * Streams the products, with poison of every kind among them, through the real model server and a worker
 * (exactly-once), runs `restart` once a tenth of the results are out, then reads the output topic and the DLQ until
 * every id and every poison record came out (or 120 s passed) and checks both.
 */
export async function streamThroughRestart(
  processes: StoryProcesses,
  options: { bootstrap: string; topics: TestTopics; products: LabelledProduct[]; restart: () => Promise<void> },
): Promise<RestartOutcome> {
  const { bootstrap, topics, products } = options;
  const inputs = await produceWithPoison(testKafka(bootstrap), topics, products, poisonPerKind);
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
  const { results, deadLetters } = await readOutputs(testKafka(bootstrap), topics, inputs, 120_000);
  return { producedBefore, report: results, deadLetters, workerAlive };
}
