/** Messages between the HTTP thread and the inference worker threads. */
export interface WorkerOptions {
  modelPath: string;
  executionProvider: 'cpu' | 'cuda';
  intraOpThreads: number;
  /** When set, the thread also tokenizes, so a text batch costs one hop. */
  tokenizer?: { path: string; maxLength: number };
}

export interface Int64Tensor {
  data: BigInt64Array;
  dims: number[];
}

export type RunRequest =
  { id: number; output: string; feeds: Record<string, Int64Tensor> } | { id: number; output: string; texts: string[] };

export type WorkerMessage =
  | { type: 'ready'; inputNames: string[]; outputNames: string[] }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; data: Float32Array; dims: number[] }
  | { type: 'error'; id: number; error: string };
