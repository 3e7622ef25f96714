/** Messages between the HTTP thread and the inference worker threads. */
import type { Sequence } from './tokenizer';

export interface WorkerOptions {
  modelPath: string;
  executionProvider: 'cpu' | 'cuda';
  intraOpThreads: number;
  /** The longest row the model takes (the run-cost probe stays within it). */
  maxSequenceLength: number;
  /** A fixed run overhead in padded tokens instead of measuring it (Infinity: never split a batch). */
  runOverheadTokens?: number;
  /** When set, the thread also tokenizes, so a text batch costs one hop. */
  tokenizer?: { path: string; maxLength: number };
}

export type RunRequest =
  { id: number; output: string; sequences: Sequence[] } | { id: number; output: string; texts: string[] };

export type WorkerMessage =
  | { type: 'ready'; inputNames: string[]; outputNames: string[]; runOverheadTokens: number }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; data: Float32Array; dims: number[]; runs: number }
  | { type: 'error'; id: number; error: string };
