/** The closed set of failures the server reports, each with one HTTP status. */
export type ErrorKind = 'invalid-input' | 'not-found' | 'method-not-allowed' | 'not-ready' | 'internal';

const STATUS: Record<ErrorKind, number> = {
  'invalid-input': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-ready': 503,
  internal: 500,
};

export class InferenceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'InferenceError';
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export const invalidInput = (message: string): InferenceError => new InferenceError('invalid-input', message);
export const notFound = (message: string): InferenceError => new InferenceError('not-found', message);
export const methodNotAllowed = (message: string): InferenceError => new InferenceError('method-not-allowed', message);
export const notReady = (message: string): InferenceError => new InferenceError('not-ready', message);
