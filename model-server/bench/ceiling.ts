import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { padBatch } from '../src/batcher';
import { intraOpThreadsPerSession, sessionOptions } from '../src/session-options';
import { TextTokenizer } from '../src/tokenizer';

export interface CeilingResult {
  itemsPerSecond: number;
  /** CPU of this process (all threads) per item, µs. */
  cpuMicrosPerItem: number;
}

/**
 * Two set-ups: ONNX Runtime's and the tokenizer's own defaults (threads that spin, the tokenizer's
 * thread pool: fastest for one thread alone, as the ceiling was first measured), and the options
 * the server uses. The bench takes the better of the two as the ceiling.
 */
export type CeilingSetup = 'library defaults' | 'server options';

function setupFor(setup: CeilingSetup, provider: 'cpu' | 'cuda') {
  return setup === 'server options'
    ? { session: sessionOptions(provider, intraOpThreadsPerSession(1)), tokenizerParallelism: 'false' }
    : {
        session: { executionProviders: [provider], graphOptimizationLevel: 'all' as const },
        tokenizerParallelism: undefined,
      };
}

/**
 * The in-process ceiling: tokenize + session.run on this thread, no HTTP, no worker hop, one batch
 * after another for `durationMs`.
 */
export async function measureCeiling(
  modelDir: string,
  titles: string[],
  batchSize: number,
  durationMs: number,
  options: { provider: 'cpu' | 'cuda'; setup: CeilingSetup },
): Promise<CeilingResult> {
  const { session: sessionSettings, tokenizerParallelism } = setupFor(options.setup, options.provider);
  // The tokenizer reads this at every call; restored afterwards so servers started later inherit nothing.
  const previous = process.env.TOKENIZERS_PARALLELISM;
  if (tokenizerParallelism === undefined) delete process.env.TOKENIZERS_PARALLELISM;
  else process.env.TOKENIZERS_PARALLELISM = tokenizerParallelism;
  const tokenizer = TextTokenizer.load(path.join(modelDir, 'tokenizer.json'), 64);
  const session = await ort.InferenceSession.create(path.join(modelDir, 'model.onnx'), sessionSettings);
  try {
    const run = async (offset: number): Promise<void> => {
      const batch = Array.from({ length: batchSize }, (_, i) => titles[(offset + i) % titles.length] ?? '');
      const feeds = padBatch(await tokenizer.encode(batch), session.inputNames);
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(feeds))
        tensors[name] = new ort.Tensor('int64', tensor.data, tensor.dims);
      await session.run(tensors);
    };
    for (let i = 0; i < 20; i++) await run(i * batchSize);
    let items = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      await run(items);
      items += batchSize;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { itemsPerSecond: items / seconds, cpuMicrosPerItem: (cpu.user + cpu.system) / items };
  } finally {
    await session.release();
    if (previous === undefined) delete process.env.TOKENIZERS_PARALLELISM;
    else process.env.TOKENIZERS_PARALLELISM = previous;
  }
}
