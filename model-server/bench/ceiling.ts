import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { intraOpThreadsPerSession, sessionOptions } from '../src/session-options';
import { measureSessionRunOverhead, runBatch } from '../src/session-runs';
import { TextTokenizer } from '../src/tokenizer';

const MAX_LENGTH = 64;

export interface CeilingResult {
  itemsPerSecond: number;
  /** CPU of this process (all threads) per item, µs. */
  cpuMicrosPerItem: number;
}

/**
 * Three set-ups: ONNX Runtime's and the tokenizer's own defaults (threads that spin, the tokenizer's
 * thread pool: fastest for one thread alone, as the ceiling was first measured), the options the
 * server uses with each batch as one padded run, and the server's options with batches split into
 * runs by length as the server does. The bench takes the best as the ceiling.
 */
export const CEILING_SETUPS = ['library defaults', 'server options', 'server options, split by length'] as const;
export type CeilingSetup = (typeof CEILING_SETUPS)[number];

function setupFor(setup: CeilingSetup, provider: 'cpu' | 'cuda') {
  return setup === 'library defaults'
    ? {
        session: { executionProviders: [provider], graphOptimizationLevel: 'all' as const },
        tokenizerParallelism: undefined,
      }
    : { session: sessionOptions(provider, intraOpThreadsPerSession(1)), tokenizerParallelism: 'false' };
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
  const tokenizer = TextTokenizer.load(path.join(modelDir, 'tokenizer.json'), MAX_LENGTH);
  const session = await ort.InferenceSession.create(path.join(modelDir, 'model.onnx'), sessionSettings);
  try {
    const output = session.outputNames[0] ?? '';
    const runOverheadTokens =
      options.setup === 'server options, split by length'
        ? await measureSessionRunOverhead(session, MAX_LENGTH)
        : Number.POSITIVE_INFINITY;
    const run = async (offset: number): Promise<void> => {
      const batch = Array.from({ length: batchSize }, (_, i) => titles[(offset + i) % titles.length] ?? '');
      await runBatch(session, await tokenizer.encode(batch), output, runOverheadTokens);
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
