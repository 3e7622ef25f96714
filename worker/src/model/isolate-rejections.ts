import { ModelRejectedError } from '../errors';
import type { Infer, InferenceResult, Prediction } from './model-client';

export type TitleOutcome =
  { ok: true; prediction: Prediction; model: InferenceResult['model'] } | { ok: false; error: string };

/**
 * Classifies titles in one request; when the model API rejects the request (4xx), splits it in halves until
 * the rejected titles stand alone, so one bad title costs only its own message. Retriable errors propagate.
 */
export async function inferIsolatingRejections(titles: string[], infer: Infer): Promise<TitleOutcome[]> {
  if (titles.length === 0) return [];
  try {
    const result = await infer(titles);
    return result.predictions.map((prediction) => ({ ok: true, prediction, model: result.model }));
  } catch (error) {
    if (!(error instanceof ModelRejectedError)) throw error;
    if (titles.length === 1) return [{ ok: false, error: error.message }];
    const middle = Math.ceil(titles.length / 2);
    const left = await inferIsolatingRejections(titles.slice(0, middle), infer);
    const right = await inferIsolatingRejections(titles.slice(middle), infer);
    return [...left, ...right];
  }
}
