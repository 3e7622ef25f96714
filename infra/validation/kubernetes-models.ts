import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** What the `kubernetes-models` packages say about one object. */
export interface ModelVerdict {
  /** False when no package carries a model for the object's apiVersion and kind. */
  readonly known: boolean;
  readonly errors: readonly string[];
}

// A cold worker loads hundreds of small modules for its first kind; later calls take milliseconds.
const replyTimeoutMs = 30_000;

interface Channel {
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

let channel: Channel | undefined;

function openChannel(): Channel {
  if (channel) return channel;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(path.join(__dirname, 'kubernetes-models-worker.mjs'), {
    workerData: { port: port2, signal },
    transferList: [port2],
  });
  // The worker lives as long as the process needs it and never keeps it alive.
  worker.unref();
  port1.unref();
  channel = { port: port1, flag: new Int32Array(signal) };
  return channel;
}

function isVerdict(value: unknown): value is ModelVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.known === 'boolean' && Array.isArray(candidate.errors);
}

/**
 * Validates an object against the schema the `kubernetes-models` packages carry for its kind.
 * Synchronous: the ES-module-only packages run in a worker thread and this call waits for it.
 */
export function validateWithKubernetesModels(object: unknown): ModelVerdict {
  const { port, flag } = openChannel();
  Atomics.store(flag, 0, 0);
  port.postMessage(object);
  const waited = Atomics.wait(flag, 0, 0, replyTimeoutMs);
  const reply = receiveMessageOnPort(port);
  if (waited === 'timed-out' || reply === undefined) {
    return { known: true, errors: [`kubernetes-models validator gave no answer within ${replyTimeoutMs} ms`] };
  }
  const message: unknown = reply.message;
  if (!isVerdict(message)) return { known: true, errors: ['kubernetes-models validator gave a malformed answer'] };
  return message;
}
