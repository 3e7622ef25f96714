import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import type { TestTopics } from '../test/support/kafka';
import { freePort, startModelServer, startWorkerProcess, type ChildHandle } from '../test/support/processes';
import { metricSum, workerEnv } from '../test/support/worker-env';

/** Small model batches and transactions: many transactions per second, so every fault lands on one in flight. */
export const faultBatchSize = 4;
export const faultTransactionRecords = 128;

/** The worker and the model server of a run, each restartable in place (same ports, same group). */
export interface RunServices {
  readonly metricsPort: number;
  /** Worker processes started so far. */
  readonly workerStarts: number;
  /** Ends the running worker with `signal` (SIGTERM: graceful; SIGKILL: a crash) and starts a new one. */
  restartWorker(signal: NodeJS.Signals): Promise<void>;
  /** Ends the worker gracefully, letting it close its transactions. */
  stopWorker(): Promise<void>;
  /** Resident memory of the running worker and which start it is, or undefined while none answers. */
  workerMemory(): Promise<{ incarnation: number; rssBytes: number } | undefined>;
  stopModel(): Promise<void>;
  /** Starts the model server again and resolves once it is ready (it loads the model first). */
  startModel(): Promise<void>;
  stop(): Promise<void>;
}

const gracefulStopMs = 30_000;

export async function startRunServices(bootstrap: string, topics: TestTopics): Promise<RunServices> {
  const modelDir = await ensureReferenceModel();
  const modelPort = await freePort();
  const metricsPort = await freePort();
  let model: ChildHandle | undefined = await startModelServer(modelDir, modelPort);
  const env = workerEnv(bootstrap, topics, modelPort, metricsPort, {
    MAX_BATCH_SIZE: String(faultBatchSize),
    TRANSACTION_MAX_RECORDS: String(faultTransactionRecords),
  });
  let worker: ChildHandle | undefined = startWorkerProcess(env);
  let workerStarts = 1;

  async function endWorker(signal: NodeJS.Signals): Promise<void> {
    const running = worker;
    worker = undefined;
    if (running === undefined) return;
    running.signal(signal);
    const timer = setTimeout(() => running.signal('SIGKILL'), gracefulStopMs);
    await running.exited;
    clearTimeout(timer);
  }

  return {
    metricsPort,
    get workerStarts() {
      return workerStarts;
    },
    async restartWorker(signal) {
      await endWorker(signal);
      worker = startWorkerProcess(env);
      workerStarts += 1;
    },
    stopWorker: () => endWorker('SIGTERM'),
    async workerMemory() {
      const incarnation = workerStarts;
      const rssBytes = worker === undefined ? undefined : await metricSum(metricsPort, 'process_resident_memory_bytes');
      return rssBytes === undefined || incarnation !== workerStarts ? undefined : { incarnation, rssBytes };
    },
    async stopModel() {
      await model?.stop();
      model = undefined;
    },
    async startModel() {
      model ??= await startModelServer(modelDir, modelPort);
    },
    async stop() {
      await endWorker('SIGKILL');
      await model?.stop();
    },
  };
}
