import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Role } from './config';
import { OnnxModel, type ExecutionProvider } from './onnx-model';
import { TextTokenizer } from './tokenizer';

/** Layout of one model version directory (what KServe's storage initializer puts at /mnt/models). */
export const MODEL_FILES = {
  onnx: 'model.onnx',
  tokenizer: 'tokenizer.json',
  labels: 'labels.json',
  card: 'model.json',
  huggingFaceConfig: 'config.json',
} as const;

const DEFAULT_MAX_SEQUENCE_LENGTH = 128;
const LARGEST_MAX_SEQUENCE_LENGTH = 512;

const cardSchema = z.object({
  version: z.string().min(1).optional(),
  maxSequenceLength: z.number().int().positive().optional(),
  labels: z.array(z.string()).optional(),
});
const labelsSchema = z.array(z.string()).min(1);
const huggingFaceConfigSchema = z.object({
  id2label: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
  max_position_embeddings: z.number().int().positive().optional(),
});

export interface LoadedModel {
  name: string;
  version: string;
  dir: string;
  maxSequenceLength: number;
  /** Label of each logit index; absent only for a predictor without label files. */
  labels: string[] | undefined;
  tokenizer: TextTokenizer | undefined;
  onnx: OnnxModel | undefined;
  /** Model inputs (input_ids, attention_mask and maybe token_type_ids). */
  inputNames: string[];
  output: string;
  /** Width of the logits, when known. */
  classes: number | undefined;
}

export interface LoadOptions {
  name: string;
  role: Role;
  executionProvider: ExecutionProvider;
  threads: number;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new Error(`${file} is invalid: ${problem?.path.join('.') ?? ''} ${problem?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function optionalJson<T>(dir: string, file: string, schema: z.ZodType<T>): T | undefined {
  const full = path.join(dir, file);
  return existsSync(full) ? readJson(full, schema) : undefined;
}

function requireFile(dir: string, file: string, why: string): string {
  const full = path.join(dir, file);
  if (!existsSync(full)) throw new Error(`${full} is missing (${why})`);
  return full;
}

/** Labels from labels.json, else model.json, else a Hugging Face config.json's id2label. */
function readLabels(dir: string, card: z.infer<typeof cardSchema> | undefined): string[] | undefined {
  const fromFile = optionalJson(dir, MODEL_FILES.labels, labelsSchema);
  if (fromFile !== undefined) return fromFile;
  if (card?.labels !== undefined) return card.labels;
  const id2label = optionalJson(dir, MODEL_FILES.huggingFaceConfig, huggingFaceConfigSchema)?.id2label;
  if (id2label === undefined) return undefined;
  const labels: string[] = [];
  for (const [index, label] of Object.entries(id2label)) labels[Number(index)] = label;
  if (labels.length !== Object.keys(id2label).length) {
    throw new Error(`${path.join(dir, MODEL_FILES.huggingFaceConfig)} id2label must number its labels 0..n-1`);
  }
  return labels;
}

/**
 * Loads one model version directory for a role: the ONNX session for predictor and all, the
 * tokenizer and labels for transformer and all. A missing or invalid file fails here, naming it.
 */
export async function loadModelDirectory(dir: string, options: LoadOptions): Promise<LoadedModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model directory ${dir} does not exist`);
  const card = optionalJson(dir, MODEL_FILES.card, cardSchema);
  const hfConfig = optionalJson(dir, MODEL_FILES.huggingFaceConfig, huggingFaceConfigSchema);
  const maxSequenceLength = Math.min(
    card?.maxSequenceLength ?? hfConfig?.max_position_embeddings ?? DEFAULT_MAX_SEQUENCE_LENGTH,
    LARGEST_MAX_SEQUENCE_LENGTH,
  );
  const needsText = options.role !== 'predictor';
  const labels = readLabels(dir, card);
  if (needsText && labels === undefined) {
    throw new Error(
      `${path.join(dir, MODEL_FILES.labels)} is missing (the ${options.role} role needs labels: labels.json or config.json id2label)`,
    );
  }
  const tokenizerFile = path.join(dir, MODEL_FILES.tokenizer);
  if (needsText) requireFile(dir, MODEL_FILES.tokenizer, `the ${options.role} role tokenizes text`);
  // The predictor reads the tokenizer only to know the vocabulary size and reject ids outside it.
  const tokenizer = existsSync(tokenizerFile) ? TextTokenizer.load(tokenizerFile, maxSequenceLength) : undefined;

  let onnx: OnnxModel | undefined;
  let inputNames = ['input_ids', 'attention_mask'];
  let output = 'logits';
  let classes: number | undefined = labels?.length;
  if (options.role !== 'transformer') {
    const modelFile = requireFile(dir, MODEL_FILES.onnx, `the ${options.role} role runs the model`);
    onnx = await OnnxModel.load(modelFile, {
      executionProvider: options.executionProvider,
      threads: options.threads,
      maxSequenceLength,
      ...(needsText ? { tokenizer: { path: tokenizerFile, maxLength: maxSequenceLength } } : {}),
    });
    try {
      ({ inputNames, output, classes } = await inspectModel(onnx, modelFile, labels));
    } catch (error) {
      await onnx.close();
      throw error;
    }
  }
  return {
    name: options.name,
    version: card?.version ?? '1',
    dir,
    maxSequenceLength,
    labels,
    tokenizer,
    onnx,
    inputNames,
    output,
    classes,
  };
}

/** Checks the graph has a BERT classifier's interface and runs it once (which also warms it up). */
async function inspectModel(
  onnx: OnnxModel,
  modelFile: string,
  labels: string[] | undefined,
): Promise<{ inputNames: string[]; output: string; classes: number }> {
  for (const required of ['input_ids', 'attention_mask']) {
    if (!onnx.inputNames.includes(required)) {
      throw new Error(`${modelFile} has no input "${required}" (inputs: ${onnx.inputNames.join(', ')})`);
    }
  }
  const unsupported = onnx.inputNames.filter(
    (name) => !['input_ids', 'attention_mask', 'token_type_ids'].includes(name),
  );
  if (unsupported.length > 0) throw new Error(`${modelFile} has unsupported inputs: ${unsupported.join(', ')}`);
  const output = onnx.outputNames.includes('logits') ? 'logits' : onnx.outputNames[0];
  if (output === undefined) throw new Error(`${modelFile} has no outputs`);
  const probe = await onnx.runSequences([{ inputIds: [0], attentionMask: [1], tokenTypeIds: [0] }], output);
  const classes = probe.dims[1];
  if (probe.dims.length !== 2 || classes === undefined) {
    throw new Error(`${modelFile} output "${output}" must be [batch, classes], got [${probe.dims.join(', ')}]`);
  }
  if (labels !== undefined && labels.length !== classes) {
    throw new Error(
      `${modelFile} has ${classes} classes but its labels (labels.json, model.json or config.json) list ${labels.length}`,
    );
  }
  return { inputNames: onnx.inputNames, output, classes };
}
