import { z } from 'zod';
import { invalidInput } from '../errors';

/** Tensor datatypes of the Open Inference Protocol (rest_predict_v2.yaml). */
export const DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;
export type Datatype = (typeof DATATYPES)[number];

export type TensorElement = string | number | boolean;

export interface V2Tensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: TensorElement[];
  parameters?: Record<string, unknown>;
}

export interface V2InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: V2Tensor[];
  outputs?: { name: string; parameters?: Record<string, unknown> }[];
}

export interface V2InferResponse {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Record<string, unknown>;
  outputs: V2Tensor[];
}

export interface TensorMetadata {
  name: string;
  datatype: Datatype;
  shape: number[];
}

export interface V2ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

const parameters = z.record(z.string(), z.unknown());
const nestedData: z.ZodType<unknown[]> = z.array(z.unknown());

const requestSchema = z.object({
  id: z.string().optional(),
  parameters: parameters.optional(),
  inputs: z
    .array(
      z.object({
        name: z.string().min(1, 'must not be empty'),
        shape: z.array(z.number().int('must be whole numbers').nonnegative('must not be negative')),
        datatype: z.enum(DATATYPES, { error: `must be one of ${DATATYPES.join(', ')}` }),
        parameters: parameters.optional(),
        data: nestedData,
      }),
    )
    .min(1, 'must hold at least one input'),
  outputs: z.array(z.object({ name: z.string().min(1), parameters: parameters.optional() })).optional(),
});

const MAX_NESTING = 8;

function flatten(data: unknown[], depth = 0): unknown[] {
  if (depth > MAX_NESTING) throw invalidInput(`input data is nested deeper than ${MAX_NESTING} levels`);
  return data.flatMap((item) => (Array.isArray(item) ? flatten(item, depth + 1) : [item]));
}

function elementMatches(datatype: Datatype, value: unknown): value is TensorElement {
  switch (datatype) {
    case 'BYTES':
      return typeof value === 'string';
    case 'BOOL':
      return typeof value === 'boolean';
    case 'FP16':
    case 'FP32':
    case 'FP64':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return Number.isSafeInteger(value);
  }
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `"${issue.path.join('.')}" ` : '';
  return `${where}${issue.message}`;
}

/**
 * Validates the body of an infer request: structure, datatypes, and that each input's data holds
 * exactly as many elements of its datatype as its shape says (nested data is flattened row-major).
 */
export function parseInferRequest(body: unknown): V2InferRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the request body must be a JSON object with "inputs"');
  }
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`invalid infer request: ${issue === undefined ? 'unknown problem' : describeIssue(issue)}`);
  }
  const inputs = parsed.data.inputs.map((input): V2Tensor => {
    const data = flatten(input.data);
    const expected = input.shape.reduce((product, dim) => product * dim, 1);
    if (data.length !== expected) {
      throw invalidInput(
        `input "${input.name}" has shape [${input.shape.join(', ')}] (${expected} elements) but ${data.length} data elements`,
      );
    }
    const wrong = data.findIndex((value) => !elementMatches(input.datatype, value));
    if (wrong >= 0) {
      throw invalidInput(`input "${input.name}" element ${wrong} is not a valid ${input.datatype} value`);
    }
    return { ...input, data: data as TensorElement[] };
  });
  const names = new Set<string>();
  for (const input of inputs) {
    if (names.has(input.name)) throw invalidInput(`input "${input.name}" appears twice`);
    names.add(input.name);
  }
  return { ...parsed.data, inputs };
}
