import * as ort from 'onnxruntime-node';
import { padBatch } from './tensors';
import { measureRunOverheadTokens } from './run-cost';
import { planRuns, trimPadding } from './run-planner';
import type { Sequence } from './tokenizer';

/** A batch's logits, [rows, classes], and how many ONNX runs computed them. */
export interface BatchResult {
  data: Float32Array;
  dims: number[];
  runs: number;
}

async function runSession(
  session: ort.InferenceSession,
  rows: Sequence[],
  output: string,
): Promise<ort.Tensor | undefined> {
  const tensors: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(padBatch(rows, session.inputNames)))
    tensors[name] = new ort.Tensor('int64', tensor.data, tensor.dims);
  return (await session.run(tensors, [output]))[output];
}

/** One padded ONNX run; the output must be [rows, classes]. */
async function runPadded(session: ort.InferenceSession, rows: Sequence[], output: string): Promise<Float32Array> {
  const result = await runSession(session, rows, output);
  if (result === undefined || !(result.data instanceof Float32Array))
    throw new Error(`output ${output} is not a float32 tensor`);
  if (result.dims.length !== 2 || result.dims[0] !== rows.length)
    throw new Error(`output ${output} must be [batch, classes], got [${result.dims.join(', ')}]`);
  return result.data;
}

/**
 * Runs a batch as `planRuns` splits it by length (padding after each row's last attended token
 * dropped first) and puts the rows back in the batch's order.
 */
export async function runBatch(
  session: ort.InferenceSession,
  sequences: Sequence[],
  output: string,
  runOverheadTokens: number,
): Promise<BatchResult> {
  const rows = sequences.map(trimPadding);
  const runs = planRuns(
    rows.map((row) => row.inputIds.length),
    runOverheadTokens,
  );
  let logits: Float32Array | undefined;
  let width = 0;
  for (const run of runs) {
    const data = await runPadded(
      session,
      run.map((index) => rows[index] as Sequence),
      output,
    );
    width = data.length / run.length;
    logits ??= new Float32Array(rows.length * width);
    run.forEach((rowIndex, k) => logits?.set(data.subarray(k * width, (k + 1) * width), rowIndex * width));
  }
  return { data: logits ?? new Float32Array(0), dims: [rows.length, width], runs: runs.length };
}

/**
 * Measures the session's run overhead in padded tokens (`measureRunOverheadTokens`) with rows of
 * token id 0, which every vocabulary has; this also warms the session up. The output's shape is
 * not checked here (the model loader's probe does that, naming the file).
 */
export function measureSessionRunOverhead(session: ort.InferenceSession, maxSequenceLength: number): Promise<number> {
  const output = session.outputNames[0] ?? '';
  return measureRunOverheadTokens(async (rows, length) => {
    const row = {
      inputIds: new Array<number>(length).fill(0),
      attentionMask: new Array<number>(length).fill(1),
      tokenTypeIds: new Array<number>(length).fill(0),
    };
    const started = performance.now();
    await runSession(session, new Array<Sequence>(rows).fill(row), output);
    return performance.now() - started;
  }, maxSequenceLength);
}
