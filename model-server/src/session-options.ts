import os from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * ONNX Runtime threads per session: the cores left after one for the HTTP event loop, shared by the
 * sessions. With every core given to ONNX Runtime, its threads and the event loop fought for the
 * same cores (on 2 cores: 1 thread per session instead of 2; see the README's benchmark).
 */
export function intraOpThreadsPerSession(sessions: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor((cores - 1) / Math.max(1, sessions)));
}

/** The options every ONNX session of the server is created with (the benchmark's ceiling uses them too). */
export function sessionOptions(
  executionProvider: 'cpu' | 'cuda',
  intraOpThreads: number,
): InferenceSession.SessionOptions {
  return {
    executionProviders: [executionProvider],
    intraOpNumThreads: intraOpThreads,
    graphOptimizationLevel: 'all',
    // ONNX Runtime's intra-op threads spin while waiting for work by default. Here they share the
    // cores with the HTTP event loop, and spinning took most of a core from it at every batch
    // (measured under load: 2.6 s of CPU in 4 s with spinning, 0.4 s without; see the README).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}
