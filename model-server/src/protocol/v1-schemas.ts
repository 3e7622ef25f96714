import { z } from 'zod';
import { invalidInput } from '../errors';
import { describeIssue } from './v2-schemas';

export interface V1PredictRequest {
  instances: unknown[];
}

const predictSchema = z.object({ instances: z.array(z.unknown()).min(1, 'must hold at least one instance') });

/** Validates `{"instances": [...]}`; what an instance must be depends on the role. */
export function parsePredictRequest(body: unknown): V1PredictRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the request body must be a JSON object with "instances"');
  }
  const parsed = predictSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`invalid predict request: ${issue === undefined ? 'unknown problem' : describeIssue(issue)}`);
  }
  return parsed.data;
}
