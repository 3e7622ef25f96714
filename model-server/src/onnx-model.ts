import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { notReady, type InferenceError } from './errors';
import type { RunRequest, WorkerMessage, WorkerOptions } from './inference-messages';
import { intraOpThreadsPerSession } from './session-options';
import type { BatchResult } from './session-runs';
import type { Sequence } from './tokenizer';

export type ExecutionProvider = 'cpu' | 'cuda';

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

interface SessionThread {
  worker: Worker;
  /** Runs sent to this thread and not yet answered (they queue in the thread). */
  running: number;
}

/** Where onnxruntime-node keeps its native libraries for this platform. */
export function onnxRuntimeBinaryDir(): string {
  const packageDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
}

/**
 * onnxruntime-node ships the CUDA provider only when installed with ONNXRUNTIME_NODE_INSTALL=cuda12;
 * without it a CUDA session would fail deep inside the native code, so check first and say why.
 */
export function assertExecutionProviderAvailable(
  provider: ExecutionProvider,
  binaryDir = onnxRuntimeBinaryDir(),
): void {
  if (provider !== 'cuda') return;
  const library = path.join(binaryDir, 'libonnxruntime_providers_cuda.so');
  if (!existsSync(library)) {
    throw new Error(
      `the CUDA execution provider is not installed (${library} is missing): install onnxruntime-node with ` +
        'ONNXRUNTIME_NODE_INSTALL=cuda12 (as Dockerfile.cuda does) on a machine with CUDA 12, or use --execution-provider cpu',
    );
  }
}

function workerEntry(): { file: string; execArgv: string[] } {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `inference-worker${extension}`);
  // Running from TypeScript sources (tsx, jest): the worker needs the same loader.
  return extension === '.ts' ? { file, execArgv: ['--require', require.resolve('tsx/cjs')] } : { file, execArgv: [] };
}

/**
 * An ONNX model served by `threads` sessions, each in its own worker thread. `run` hands a batch to
 * the thread with the fewest runs outstanding, where it queues, and resolves with the requested float
 * output. Queueing in the thread (not here) keeps a session busy while the HTTP thread is: the
 * dynamic batcher decides how many batches run at once.
 */
export class OnnxModel {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private stopped: InferenceError | undefined;

  private constructor(
    private readonly threads: SessionThread[],
    readonly inputNames: string[],
    readonly outputNames: string[],
    /** What one more ONNX run costs, in padded tokens, as measured when the first session loaded. */
    readonly runOverheadTokens: number,
  ) {
    for (const thread of threads) {
      thread.worker.on('message', (message: WorkerMessage) => this.onMessage(thread, message));
      thread.worker.on('error', (error) => this.stop(error));
      thread.worker.on('exit', (code) => this.stop(new Error(`an inference thread exited with code ${code}`)));
    }
  }

  static async load(
    modelPath: string,
    options: {
      executionProvider: ExecutionProvider;
      threads: number;
      maxSequenceLength: number;
      tokenizer?: WorkerOptions['tokenizer'];
      runOverheadTokens?: number;
    },
  ): Promise<OnnxModel> {
    assertExecutionProviderAvailable(options.executionProvider);
    const intraOpThreads = intraOpThreadsPerSession(options.threads);
    const workerOptions: WorkerOptions = {
      modelPath,
      executionProvider: options.executionProvider,
      intraOpThreads,
      maxSequenceLength: options.maxSequenceLength,
      ...(options.runOverheadTokens === undefined ? {} : { runOverheadTokens: options.runOverheadTokens }),
      ...(options.tokenizer === undefined ? {} : { tokenizer: options.tokenizer }),
    };
    const { file, execArgv } = workerEntry();
    const started = await Promise.allSettled(
      Array.from({ length: options.threads }, () => startThread(file, execArgv, workerOptions)),
    );
    const threads = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = started.find((result) => result.status === 'rejected');
    if (failure !== undefined || threads.length === 0) {
      await Promise.all(threads.map((thread) => thread.thread.worker.terminate()));
      const reason = failure?.status === 'rejected' ? failure.reason : 'no session started';
      throw new Error(`${modelPath} could not be loaded: ${reason instanceof Error ? reason.message : String(reason)}`);
    }
    const first = threads[0];
    if (first === undefined) throw new Error(`${modelPath} could not be loaded`);
    return new OnnxModel(
      threads.map((thread) => thread.thread),
      first.inputNames,
      first.outputNames,
      first.runOverheadTokens,
    );
  }

  get sessions(): number {
    return this.threads.length;
  }

  /** False once an inference thread has died: the server then stops reporting ready. */
  get healthy(): boolean {
    return this.stopped === undefined;
  }

  /** Runs tokenized rows (padded there, in runs of similar length). */
  runSequences(sequences: Sequence[], output: string): Promise<BatchResult> {
    return this.send((id) => ({ id, output, sequences }));
  }

  /** Tokenizes and runs texts in the inference thread (the model was loaded with a tokenizer). */
  runTexts(texts: string[], output: string): Promise<BatchResult> {
    return this.send((id) => ({ id, output, texts }));
  }

  private async send(request: (id: number) => RunRequest): Promise<BatchResult> {
    if (this.closed) throw new Error('the model is closed');
    if (this.stopped !== undefined) throw this.stopped;
    const thread = this.threads.reduce((least, candidate) => (candidate.running < least.running ? candidate : least));
    thread.running++;
    const id = this.nextId++;
    return new Promise<BatchResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.worker.postMessage(request(id));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('the model is closed'));
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private onMessage(thread: SessionThread, message: WorkerMessage): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    thread.running--;
    if (pending === undefined) return;
    if (message.type === 'result') pending.resolve({ data: message.data, dims: message.dims, runs: message.runs });
    else pending.reject(new Error(message.error));
  }

  /** A thread that dies outside close() takes every pending and later run down with it. */
  private stop(error: Error): void {
    if (this.closed) return;
    this.stopped ??= notReady(`inference stopped: ${error.message}`);
    this.failAll(this.stopped);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function startThread(
  file: string,
  execArgv: string[],
  workerData: WorkerOptions,
): Promise<{ thread: SessionThread; inputNames: string[]; outputNames: string[]; runOverheadTokens: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData, execArgv });
    const onError = (error: Error): void => reject(error);
    worker.once('error', onError);
    worker.once('message', (message: WorkerMessage) => {
      worker.off('error', onError);
      if (message.type === 'ready') {
        const { inputNames, outputNames, runOverheadTokens } = message;
        resolve({ thread: { worker, running: 0 }, inputNames, outputNames, runOverheadTokens });
      } else {
        void worker.terminate();
        reject(new Error(message.type === 'failed' ? message.error : 'unexpected message from the inference thread'));
      }
    });
  });
}
