import type { Role } from './config';
import { invalidInput, notFound, notReady } from './errors';
import type { LoadedModel } from './model-repository';
import type { InferenceService } from './protocol/inference-service';
import type { TensorMetadata, V2InferRequest, V2InferResponse, V2ModelMetadata, V2Tensor } from './protocol/v2-schemas';
import { topLabel } from './scores';
import type { Sequence } from './tokenizer';

/**
 * Where logits come from: the local batchers (predictor, all) or the remote predictor
 * (transformer). One row of logits per text or sequence, in order.
 */
export interface LogitsBackend {
  forTexts(texts: string[]): Promise<Float32Array[]>;
  forSequences(sequences: Sequence[]): Promise<Float32Array[]>;
}

const TEXT_INPUT = 'text';
const TOKEN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/**
 * The data plane: checks the model name and version, turns protocol tensors into token sequences
 * (tokenizing text in the transformer and all roles), gets logits, and builds the response.
 */
export class DataPlane implements InferenceService {
  private loaded: { model: LoadedModel; backend: LogitsBackend } | undefined;
  private draining = false;

  constructor(
    private readonly modelName: string,
    private readonly role: Role,
    /** Most texts or token rows one request may carry; one request may not hold the server. */
    private readonly maxItemsPerRequest = 32_768,
  ) {}

  attach(model: LoadedModel, backend: LogitsBackend): void {
    this.loaded = { model, backend };
  }

  /** Stops advertising readiness so load balancers move away before the server closes. */
  startDraining(): void {
    this.draining = true;
  }

  modelNames(): string[] {
    return [this.modelName];
  }

  isReady(): boolean {
    return this.loaded !== undefined && !this.draining && this.loaded.model.onnx?.healthy !== false;
  }

  modelReady(name: string, version?: string): boolean {
    this.checkName(name, version);
    return this.isReady();
  }

  modelMetadata(name: string, version?: string): V2ModelMetadata {
    this.checkName(name, version);
    const model = this.loaded?.model;
    const versions = model === undefined ? [] : [model.version];
    if (this.role === 'predictor') {
      const inputs = (model?.inputNames ?? ['input_ids', 'attention_mask']).map((input): TensorMetadata => ({
        name: input,
        datatype: 'INT64',
        shape: [-1, -1],
      }));
      return {
        name: this.modelName,
        versions,
        platform: 'onnxruntime_onnx',
        inputs,
        outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, model?.classes ?? -1] }],
      };
    }
    return {
      name: this.modelName,
      versions,
      platform: 'onnxruntime_onnx',
      inputs: [{ name: TEXT_INPUT, datatype: 'BYTES', shape: [-1] }],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'score', datatype: 'FP32', shape: [-1] },
      ],
    };
  }

  async infer(name: string, version: string | undefined, request: V2InferRequest): Promise<V2InferResponse> {
    const { model, backend } = this.requireLoaded(name, version);
    const takesText = this.role !== 'predictor' && request.inputs.some((input) => input.name === TEXT_INPUT);
    this.checkCount(request.inputs[0]?.shape[0] ?? 0);
    const outputs = takesText
      ? await this.inferText(model, backend, textsOf(request.inputs))
      : await this.inferTokens(model, backend, request.inputs);
    return {
      model_name: this.modelName,
      model_version: model.version,
      ...(request.id === undefined ? {} : { id: request.id }),
      ...(request.parameters === undefined ? {} : { parameters: request.parameters }),
      outputs: selectOutputs(outputs, request.outputs),
    };
  }

  async predict(name: string, instances: unknown[]): Promise<unknown[]> {
    const { model, backend } = this.requireLoaded(name);
    this.checkCount(instances.length);
    if (this.role === 'predictor') {
      const sequences = instances.map((instance, index) => sequenceFromInstance(instance, index, model));
      const rows = await backend.forSequences(sequences);
      return rows.map((row) => Array.from(row));
    }
    const texts = instances.map((instance, index) => {
      if (typeof instance === 'string') return instance;
      throw invalidInput(`instance ${index} must be a string (a product title)`);
    });
    rejectBlank(texts, 'instance');
    const rows = await backend.forTexts(texts);
    return rows.map((row) => topLabel(row, model.labels ?? []));
  }

  private async inferText(model: LoadedModel, backend: LogitsBackend, texts: string[]): Promise<V2Tensor[]> {
    const rows = await backend.forTexts(texts);
    const results = rows.map((row) => topLabel(row, model.labels ?? []));
    return [
      { name: 'label', datatype: 'BYTES', shape: [texts.length], data: results.map((result) => result.label) },
      { name: 'score', datatype: 'FP32', shape: [texts.length], data: results.map((result) => result.score) },
    ];
  }

  private async inferTokens(model: LoadedModel, backend: LogitsBackend, inputs: V2Tensor[]): Promise<V2Tensor[]> {
    const sequences = sequencesFromTensors(inputs, model, this.role !== 'predictor');
    const rows = await backend.forSequences(sequences);
    const width = rows[0]?.length ?? 0;
    const data: number[] = [];
    for (const row of rows) data.push(...row);
    return [{ name: 'logits', datatype: 'FP32', shape: [rows.length, width], data }];
  }

  private checkCount(items: number): void {
    if (items > this.maxItemsPerRequest) {
      throw invalidInput(
        `${items} texts in one request, more than the server's limit of ${this.maxItemsPerRequest} ` +
          '(set by --max-texts-per-request or MAX_TEXTS_PER_REQUEST): split the request',
      );
    }
  }

  private checkName(name: string, version?: string): void {
    if (name !== this.modelName) throw notFound(`unknown model "${name}" (this server serves "${this.modelName}")`);
    const loadedVersion = this.loaded?.model.version;
    if (version !== undefined && loadedVersion !== undefined && version !== loadedVersion) {
      throw notFound(`model "${name}" has no version "${version}" (versions: ${loadedVersion})`);
    }
  }

  private requireLoaded(name: string, version?: string): { model: LoadedModel; backend: LogitsBackend } {
    this.checkName(name, version);
    if (this.loaded === undefined) throw notReady(`model "${name}" is still loading`);
    return this.loaded;
  }
}

function textsOf(inputs: V2Tensor[]): string[] {
  const extra = inputs.find((input) => input.name !== TEXT_INPUT);
  if (extra !== undefined) throw invalidInput(`unexpected input "${extra.name}": send only "${TEXT_INPUT}"`);
  const text = inputs.find((input) => input.name === TEXT_INPUT);
  if (text === undefined || text.datatype !== 'BYTES') {
    throw invalidInput(`input "${TEXT_INPUT}" must have datatype BYTES`);
  }
  const [rows, columns] = text.shape;
  if (text.shape.length < 1 || text.shape.length > 2 || (columns !== undefined && columns !== 1)) {
    throw invalidInput(`input "${TEXT_INPUT}" must have shape [N] or [N, 1], got [${text.shape.join(', ')}]`);
  }
  if (rows === 0) throw invalidInput(`input "${TEXT_INPUT}" is an empty batch: send at least one text`);
  const texts = text.data.map(String);
  rejectBlank(texts, `input "${TEXT_INPUT}" element`);
  return texts;
}

/** A blank title has nothing to classify: a confident label for it would be a made-up answer. */
function rejectBlank(texts: readonly string[], what: string): void {
  const blank = texts.findIndex((text) => text.trim() === '');
  if (blank >= 0) throw invalidInput(`${what} ${blank} is empty or only whitespace: there is nothing to classify`);
}

function selectOutputs(outputs: V2Tensor[], requested: V2InferRequest['outputs']): V2Tensor[] {
  if (requested === undefined || requested.length === 0) return outputs;
  return requested.map(({ name }) => {
    const output = outputs.find((candidate) => candidate.name === name);
    if (output === undefined) {
      throw invalidInput(
        `unknown output "${name}" (outputs: ${outputs.map((candidate) => candidate.name).join(', ')})`,
      );
    }
    return output;
  });
}

/** Checks token tensors against the model: names, [batch, sequence] shape, id ranges. */
function sequencesFromTensors(inputs: V2Tensor[], model: LoadedModel, textAlsoAccepted: boolean): Sequence[] {
  const byName = new Map(inputs.map((input) => [input.name, input]));
  for (const input of inputs) {
    if (!(TOKEN_INPUTS as readonly string[]).includes(input.name) || !model.inputNames.includes(input.name)) {
      const expected = textAlsoAccepted
        ? `"${TEXT_INPUT}" or ${model.inputNames.join(', ')}`
        : model.inputNames.join(', ');
      throw invalidInput(`unexpected input "${input.name}" (inputs: ${expected})`);
    }
    if (input.datatype !== 'INT64' && input.datatype !== 'INT32') {
      throw invalidInput(`input "${input.name}" must have datatype INT64 or INT32, got ${input.datatype}`);
    }
  }
  const ids = byName.get('input_ids');
  if (ids === undefined) throw invalidInput('input "input_ids" is required');
  const [batch, length] = ids.shape;
  if (ids.shape.length !== 2 || batch === undefined || length === undefined) {
    throw invalidInput(`input "input_ids" must have shape [batch, sequence], got [${ids.shape.join(', ')}]`);
  }
  if (batch === 0 || length === 0) throw invalidInput('input "input_ids" is empty: send at least one token');
  if (length > model.maxSequenceLength) {
    throw invalidInput(
      `input "input_ids" has ${length} tokens per row, more than the model's ${model.maxSequenceLength}`,
    );
  }
  for (const input of byName.values()) {
    if (input.shape.join() !== ids.shape.join()) {
      throw invalidInput(
        `input "${input.name}" has shape [${input.shape.join(', ')}], not input_ids' [${ids.shape.join(', ')}]`,
      );
    }
  }
  const vocabSize = model.tokenizer?.vocabSize;
  checkRange(ids, 0, vocabSize === undefined ? Number.MAX_SAFE_INTEGER : vocabSize - 1);
  const mask = byName.get('attention_mask');
  const types = byName.get('token_type_ids');
  if (mask !== undefined) checkRange(mask, 0, 1);
  if (types !== undefined) checkRange(types, 0, 1);
  return Array.from({ length: batch }, (_, row) => {
    const slice = (tensor: V2Tensor | undefined, fallback: number): number[] =>
      tensor === undefined
        ? new Array<number>(length).fill(fallback)
        : tensor.data.slice(row * length, (row + 1) * length).map(Number);
    return { inputIds: slice(ids, 0), attentionMask: slice(mask, 1), tokenTypeIds: slice(types, 0) };
  });
}

function checkRange(tensor: V2Tensor, min: number, max: number): void {
  const index = tensor.data.findIndex((value) => typeof value !== 'number' || value < min || value > max);
  if (index >= 0) {
    throw invalidInput(`input "${tensor.name}" element ${index} is outside ${min}..${max}`);
  }
}

function sequenceFromInstance(instance: unknown, index: number, model: LoadedModel): Sequence {
  if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) {
    throw invalidInput(`instance ${index} must be an object with "input_ids"`);
  }
  const record = instance as Record<string, unknown>;
  const inputs: V2Tensor[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (!Array.isArray(value) || !value.every((item) => Number.isSafeInteger(item))) {
      throw invalidInput(`instance ${index} "${name}" must be an array of integers`);
    }
    inputs.push({ name, datatype: 'INT64', shape: [1, value.length], data: value as number[] });
  }
  const [sequence] = sequencesFromTensors(inputs, model, false);
  if (sequence === undefined) throw invalidInput(`instance ${index} is empty`);
  return sequence;
}
