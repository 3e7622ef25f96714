// Runs one ONNX session (and, for text, the tokenizer) on its own thread: onnxruntime-node's
// session.run() computes on the calling thread, so running it here keeps the HTTP event loop free.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RunRequest, WorkerMessage, WorkerOptions } from './inference-messages';
import { sessionOptions } from './session-options';
import { measureSessionRunOverhead, runBatch } from './session-runs';
import { TextTokenizer, type Sequence } from './tokenizer';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('inference-worker must run in a worker thread');
  const options = workerData as WorkerOptions;
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  let session: ort.InferenceSession;
  let tokenizer: TextTokenizer | undefined;
  let runOverheadTokens: number;
  try {
    session = await ort.InferenceSession.create(
      options.modelPath,
      sessionOptions(options.executionProvider, options.intraOpThreads),
    );
    if (options.tokenizer !== undefined)
      tokenizer = TextTokenizer.load(options.tokenizer.path, options.tokenizer.maxLength);
    runOverheadTokens =
      options.runOverheadTokens ?? (await measureSessionRunOverhead(session, options.maxSequenceLength));
  } catch (error) {
    send({ type: 'failed', error: errorText(error) });
    return;
  }
  send({
    type: 'ready',
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
    runOverheadTokens,
  });

  const sequencesFor = async (request: RunRequest): Promise<Sequence[]> => {
    if ('sequences' in request) return request.sequences;
    if (tokenizer === undefined) throw new Error('this inference thread has no tokenizer');
    return tokenizer.encode(request.texts);
  };
  port.on('message', (request: RunRequest) => {
    sequencesFor(request)
      .then((sequences) => runBatch(session, sequences, request.output, runOverheadTokens))
      .then(
        ({ data, dims, runs }) =>
          send({ type: 'result', id: request.id, data, dims, runs }, [data.buffer as ArrayBuffer]),
        (error: unknown) => send({ type: 'error', id: request.id, error: errorText(error) }),
      );
  });
}

void main();
