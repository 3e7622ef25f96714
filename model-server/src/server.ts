import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app';
import { ArrivalCounter } from './arrivals';
import { DynamicBatcher } from './batcher';
import { splitRows } from './tensors';
import type { ServerConfig } from './config';
import { DataPlane, type LogitsBackend } from './data-plane';
import { ServerMetrics } from './metrics';
import { loadModelDirectory, type LoadedModel } from './model-repository';
import type { BatchResult } from './session-runs';
import { PredictorClient } from './predictor-client';
import type { Sequence } from './tokenizer';

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` the server listens on. */
  url: string;
  dataPlane: DataPlane;
  /** Resolves once the model is loaded and the server reports ready; rejects naming the bad file. */
  ready: Promise<void>;
  /** Stops reporting ready, lets requests in flight finish, then frees the sessions. */
  close(): Promise<void>;
}

/**
 * Local dynamic batching over the ONNX sessions (texts are tokenized in the inference thread, so a
 * text batch is one hop), or the remote predictor for the transformer.
 */
export function createBackend(
  config: ServerConfig,
  model: LoadedModel,
  metrics: ServerMetrics,
  arrivals?: ArrivalCounter,
): LogitsBackend {
  if (config.role === 'transformer') {
    const tokenizer = model.tokenizer;
    if (config.predictorHost === undefined) throw new Error('the transformer role needs --predictor-host');
    if (tokenizer === undefined) throw new Error('the transformer role needs tokenizer.json');
    const predictor = new PredictorClient(config.predictorHost, config.modelName);
    return {
      forTexts: async (texts) => predictor.logits(await tokenizer.encode(texts)),
      forSequences: (sequences) => predictor.logits(sequences),
    };
  }
  const onnx = model.onnx;
  if (onnx === undefined) throw new Error('the model has no ONNX session');
  const queued = { texts: 0, sequences: 0 };
  const options = (kind: keyof typeof queued) => ({
    maxBatchSize: config.maxBatchSize,
    maxBatchDelayMs: config.maxBatchDelayMs,
    // Full batches (every request when the batch size is 1) go to an inference thread's queue at once.
    concurrency: onnx.sessions,
    onBatch: (size: number) => metrics.batchSize.observe(size),
    onQueueDepth: (items: number) => {
      queued[kind] = items;
      metrics.queueDepth.set(queued.texts + queued.sequences);
    },
    ...(arrivals === undefined ? {} : { arriving: () => arrivals.receivingNow }),
  });
  const rowsOf = (logits: BatchResult): Float32Array[] => {
    metrics.sessionRuns.inc(logits.runs);
    return splitRows(logits);
  };
  const sequences = new DynamicBatcher<Sequence>(
    async (items) => rowsOf(await onnx.runSequences(items, model.output)),
    options('sequences'),
  );
  const texts = new DynamicBatcher<string>(
    async (items) => rowsOf(await onnx.runTexts(items, model.output)),
    options('texts'),
  );
  return { forTexts: (items) => texts.infer(items), forSequences: (items) => sequences.infer(items) };
}

/**
 * Listens first (so probes see "not ready" while loading), then loads the model directory and turns ready.
 */
export async function startServer(
  config: ServerConfig,
  options: { logger?: FastifyServerOptions['logger']; defaultMetrics?: boolean } = {},
): Promise<RunningServer> {
  const metrics = new ServerMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const dataPlane = new DataPlane(config.modelName, config.role, config.maxTextsPerRequest);
  const arrivals = new ArrivalCounter();
  const app = buildApp({
    service: dataPlane,
    metrics,
    arrivals,
    bodyLimitBytes: config.bodyLimitBytes,
    logger: options.logger,
  });
  const url = await app.listen({ port: config.httpPort, host: config.host });
  let model: LoadedModel | undefined;
  const ready = loadModelDirectory(config.modelDir, {
    name: config.modelName,
    role: config.role,
    executionProvider: config.executionProvider,
    threads: config.inferenceThreads,
  }).then((loaded) => {
    model = loaded;
    dataPlane.attach(loaded, createBackend(config, loaded, metrics, arrivals));
    // How batches are split by length; null (JSON for Infinity) means they never are.
    const overhead = loaded.onnx?.runOverheadTokens;
    const runOverheadTokens = overhead === undefined || !Number.isFinite(overhead) ? overhead : Math.round(overhead);
    app.log.info(
      { model: loaded.name, version: loaded.version, role: config.role, runOverheadTokens },
      'model loaded, ready',
    );
  });
  // The caller decides what a failed load means; never leave it unhandled here.
  ready.catch(() => undefined);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      dataPlane.startDraining();
      // Keep-alive sockets that finish their last request while closing would otherwise hold the
      // server open until their idle timeout; sweep them as they go idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await ready.catch(() => undefined);
      await model?.onnx?.close();
    })();
    return closing;
  };
  return { app, url: url.replace('0.0.0.0', '127.0.0.1'), dataPlane, ready, close };
}
