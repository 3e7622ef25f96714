import type { Sequence } from './tokenizer';

/**
 * Tensor shaping shared by the main thread (batcher, predictor client) and the inference thread
 * (session runs); it imports nothing at run time, so neither side loads the other.
 */

/** The token-id inputs a session takes: row-major int64 data and its dimensions. */
export interface Int64Tensor {
  data: BigInt64Array;
  dims: number[];
}

/** A [batch, classes] output of a session. */
export interface LogitsTensor {
  data: Float32Array;
  dims: number[];
}

/** Splits a [batch, classes] tensor into one row per item. */
export function splitRows(logits: LogitsTensor): Float32Array[] {
  const [rows = 0, width = 0] = logits.dims;
  return Array.from({ length: rows }, (_, row) => logits.data.slice(row * width, (row + 1) * width));
}

/** Pads rows to the longest one: ids and type ids with 0, attention mask with 0. */
export function padBatch(sequences: Sequence[], inputNames: readonly string[]): Record<string, Int64Tensor> {
  const length = Math.max(1, ...sequences.map((sequence) => sequence.inputIds.length));
  const fields: Record<string, keyof Sequence> = {
    input_ids: 'inputIds',
    attention_mask: 'attentionMask',
    token_type_ids: 'tokenTypeIds',
  };
  const feeds: Record<string, Int64Tensor> = {};
  for (const name of inputNames) {
    const field = fields[name];
    if (field === undefined) continue;
    const data = new BigInt64Array(sequences.length * length);
    sequences.forEach((sequence, row) => {
      const values = sequence[field];
      for (let t = 0; t < values.length; t++) data[row * length + t] = BigInt(values[t] ?? 0);
    });
    feeds[name] = { data, dims: [sequences.length, length] };
  }
  return feeds;
}
