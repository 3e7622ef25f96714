import { ModelRejectedError, ModelUnavailableError } from '../errors';

export interface Prediction {
  label: string;
  score: number;
}

export interface InferenceResult {
  predictions: Prediction[];
  model: { name: string; version: string };
}

export interface ModelClientOptions {
  /** Base URL of the transformer or model server, without a trailing slash. */
  url: string;
  name: string;
  protocol: 'v2' | 'v1';
  timeoutMs: number;
}

/** Sends titles to the model API in one request; throws tagged errors only. */
export type Infer = (titles: string[]) => Promise<InferenceResult>;

// 404 is retried: during a rollout or a scale from zero the model may not be loaded yet, and a wrong model
// name should stall the partition (visible in metrics) rather than send every message to the DLQ.
const retriableStatuses = new Set([404, 408, 425, 429]);

export function createModelClient(options: ModelClientOptions, fetchImpl: typeof fetch = fetch): Infer {
  const { url, name, protocol, timeoutMs } = options;
  const endpoint =
    protocol === 'v2'
      ? `${url}/v2/models/${encodeURIComponent(name)}/infer`
      : `${url}/v1/models/${encodeURIComponent(name)}:predict`;

  return async (titles) => {
    const body =
      protocol === 'v2'
        ? { inputs: [{ name: 'text', datatype: 'BYTES', shape: [titles.length], data: titles }] }
        : { instances: titles };
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new ModelUnavailableError(`model API unreachable at ${endpoint}: ${describeFetchError(error)}`);
    }
    if (response.status >= 500 || retriableStatuses.has(response.status)) {
      throw new ModelUnavailableError(
        `model API answered ${response.status}: ${errorText(text)}`,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    if (response.status >= 400) {
      throw new ModelRejectedError(`model API answered ${response.status}: ${errorText(text)}`, response.status);
    }
    const parsed = parseJson(text);
    const result = protocol === 'v2' ? readV2(parsed, name) : readV1(parsed, name);
    if (result.predictions.length !== titles.length) {
      throw new ModelUnavailableError(
        `model API returned ${result.predictions.length} predictions for ${titles.length} titles`,
      );
    }
    return result;
  };
}

// Fetch errors come from another realm under some runners (DOMException), so they are read by shape.
function describeFetchError(error: unknown): string {
  if (!isObject(error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause;
  if (isObject(cause)) {
    const code = typeof cause.code === 'string' ? `${cause.code} ` : '';
    return `${code}${String(cause.message)}`;
  }
  return String(error.message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorText(text: string): string {
  const parsed = parseJsonOrUndefined(text);
  if (isRecord(parsed) && typeof parsed.error === 'string') return parsed.error;
  return text.slice(0, 300);
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  const parsed = parseJsonOrUndefined(text);
  if (parsed === undefined) throw new ModelUnavailableError(`model API answered with non-JSON: ${text.slice(0, 200)}`);
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(detail: string): ModelUnavailableError {
  return new ModelUnavailableError(`model API answer is malformed: ${detail}`);
}

function readV2(body: unknown, requestedName: string): InferenceResult {
  if (!isRecord(body) || !Array.isArray(body.outputs)) throw malformed('no outputs');
  const outputs: unknown[] = body.outputs;
  const dataOf = (outputName: string): unknown[] => {
    const output = outputs.find((candidate) => isRecord(candidate) && candidate.name === outputName);
    if (!isRecord(output) || !Array.isArray(output.data)) throw malformed(`no ${outputName} output`);
    return output.data;
  };
  const labels = dataOf('label');
  const scores = dataOf('score');
  if (labels.length !== scores.length) throw malformed('label and score outputs differ in length');
  const predictions = labels.map((label, index) => toPrediction(label, scores[index]));
  const name = typeof body.model_name === 'string' ? body.model_name : requestedName;
  const version = typeof body.model_version === 'string' && body.model_version !== '' ? body.model_version : 'unknown';
  return { predictions, model: { name, version } };
}

function readV1(body: unknown, requestedName: string): InferenceResult {
  if (!isRecord(body) || !Array.isArray(body.predictions)) throw malformed('no predictions');
  const predictions = body.predictions.map((prediction: unknown) =>
    isRecord(prediction) ? toPrediction(prediction.label, prediction.score) : toPrediction(undefined, undefined),
  );
  // The v1 protocol carries no version; servers of this platform add model_version, others get "unknown".
  const version = typeof body.model_version === 'string' && body.model_version !== '' ? body.model_version : 'unknown';
  const name = typeof body.model_name === 'string' ? body.model_name : requestedName;
  return { predictions, model: { name, version } };
}

function toPrediction(label: unknown, score: unknown): Prediction {
  if (typeof label !== 'string' || label === '') throw malformed('a label is not a non-empty string');
  if (typeof score !== 'number' || !Number.isFinite(score)) throw malformed('a score is not a number');
  return { label, score };
}
