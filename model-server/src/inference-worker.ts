// Runs one ONNX session (and, for text, the tokenizer) on its own thread: onnxruntime-node's
// session.run() computes on the calling thread, so running it here keeps the HTTP event loop free.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { padBatch } from './batcher';
import type { Int64Tensor, RunRequest, WorkerMessage, WorkerOptions } from './inference-messages';
import { sessionOptions } from './session-options';
import { TextTokenizer } from './tokenizer';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('inference-worker must run in a worker thread');
  const options = workerData as WorkerOptions;
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  let session: ort.InferenceSession;
  let tokenizer: TextTokenizer | undefined;
  try {
    session = await ort.InferenceSession.create(
      options.modelPath,
      sessionOptions(options.executionProvider, options.intraOpThreads),
    );
    if (options.tokenizer !== undefined)
      tokenizer = TextTokenizer.load(options.tokenizer.path, options.tokenizer.maxLength);
  } catch (error) {
    send({ type: 'failed', error: errorText(error) });
    return;
  }
  send({ type: 'ready', inputNames: [...session.inputNames], outputNames: [...session.outputNames] });

  const feedsFor = async (request: RunRequest): Promise<Record<string, Int64Tensor>> => {
    if ('feeds' in request) return request.feeds;
    if (tokenizer === undefined) throw new Error('this inference thread has no tokenizer');
    return padBatch(await tokenizer.encode(request.texts), session.inputNames);
  };
  port.on('message', (request: RunRequest) => {
    feedsFor(request)
      .then((feeds) => {
        const tensors: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds))
          tensors[name] = new ort.Tensor('int64', tensor.data, tensor.dims);
        return session.run(tensors, [request.output]);
      })
      .then(
        (results) => {
          const output = results[request.output];
          if (output === undefined || !(output.data instanceof Float32Array)) {
            send({ type: 'error', id: request.id, error: `output ${request.output} is not a float32 tensor` });
            return;
          }
          const data = output.data.slice();
          send({ type: 'result', id: request.id, data, dims: [...output.dims] }, [data.buffer]);
        },
        (error: unknown) => send({ type: 'error', id: request.id, error: errorText(error) }),
      );
  });
}

void main();
