import { padBatch } from './tensors';
import { InferenceError, notReady } from './errors';
import type { Sequence } from './tokenizer';

const REQUEST_TIMEOUT_MS = 60_000;

interface PredictorMetadata {
  inputs?: { name?: unknown }[];
}

interface PredictorResponse {
  outputs?: { name?: unknown; shape?: unknown; data?: unknown }[];
}

/**
 * The transformer's link to the predictor: token tensors out over the v2 protocol, logits back.
 * The predictor's inputs are read once from its metadata, so token_type_ids is sent only when wanted.
 */
export class PredictorClient {
  private inputNames: Promise<string[]> | undefined;

  constructor(
    private readonly predictorHost: string,
    private readonly modelName: string,
  ) {}

  private get baseUrl(): string {
    const host = /^https?:\/\//.test(this.predictorHost) ? this.predictorHost : `http://${this.predictorHost}`;
    return `${host.replace(/\/$/, '')}/v2/models/${encodeURIComponent(this.modelName)}`;
  }

  async logits(sequences: Sequence[]): Promise<Float32Array[]> {
    const inputNames = await this.modelInputs();
    const feeds = padBatch(sequences, inputNames);
    const inputs = Object.entries(feeds).map(([name, tensor]) => ({
      name,
      datatype: 'INT64',
      shape: tensor.dims,
      data: Array.from(tensor.data, Number),
    }));
    const body = (await this.call('/infer', { method: 'POST', body: JSON.stringify({ inputs }) })) as PredictorResponse;
    const logits = body.outputs?.find((output) => output.name === 'logits') ?? body.outputs?.[0];
    const shape = logits?.shape;
    const data = logits?.data;
    if (!Array.isArray(shape) || !Array.isArray(data) || shape.length !== 2 || shape[0] !== sequences.length) {
      throw new InferenceError('internal', 'the predictor answered without a [batch, classes] logits output');
    }
    const width = Number(shape[1]);
    return sequences.map((_, row) => Float32Array.from(data.slice(row * width, (row + 1) * width), Number));
  }

  private modelInputs(): Promise<string[]> {
    this.inputNames ??= this.call('', { method: 'GET' }).then(
      (metadata) =>
        ((metadata as PredictorMetadata).inputs ?? []).flatMap((input) =>
          typeof input.name === 'string' ? [input.name] : [],
        ),
      (error: unknown) => {
        this.inputNames = undefined;
        throw error;
      },
    );
    return this.inputNames;
  }

  private async call(suffix: string, init: { method: string; body?: string }): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${suffix}`, {
        ...init,
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw notReady(
        `the predictor at ${this.predictorHost} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text();
    if (response.status === 503) throw notReady(`the predictor at ${this.predictorHost} is not ready`);
    if (!response.ok) {
      throw new InferenceError(
        response.status === 400 ? 'invalid-input' : 'internal',
        `the predictor answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InferenceError('internal', 'the predictor answered with invalid JSON');
    }
  }
}
