import { loadModelDirectory, type LoadedModel } from './model-repository';
import { topLabel } from './scores';

/** A model directory loaded as the server's `all` role loads it, on the CPU, for a command run on this machine. */
export function loadLocalModel(dir: string, name: string): Promise<LoadedModel> {
  return loadModelDirectory(dir, { name, role: 'all', executionProvider: 'cpu', threads: 1 });
}

export interface TitleAnswer {
  readonly label: string;
  readonly score: number;
  /** Tokens the title took, [CLS] and [SEP] included. */
  readonly tokens: number;
}

/** Classifies `titles` in one run of a model loaded with `loadLocalModel`. */
export async function classifyTitles(model: LoadedModel, titles: readonly string[]): Promise<TitleAnswer[]> {
  const { onnx, tokenizer } = model;
  if (onnx === undefined || tokenizer === undefined) throw new Error(`${model.dir} has no model or tokenizer`);
  const sequences = await tokenizer.encode([...titles]);
  const result = await onnx.runSequences(sequences, model.output);
  const classes = model.classes ?? 0;
  return sequences.map((sequence, index) => ({
    ...topLabel(result.data.subarray(index * classes, (index + 1) * classes), model.labels ?? []),
    tokens: sequence.inputIds.length,
  }));
}
