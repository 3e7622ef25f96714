/** Why a record was sent to the DLQ; the value of the `x-dlq-reason` header. */
export type DlqReason =
  | 'invalid-json'
  | 'schema-violation'
  | 'unsupported-schema-version'
  | 'payload-too-large'
  | 'empty-title'
  | 'model-rejected';

/**
 * Every failure the worker handles is tagged: a retriable one pauses the partition and is retried with
 * backoff (nothing is committed meanwhile); a non-retriable one sends the record it concerns to the DLQ.
 */
export abstract class WorkerError extends Error {
  abstract readonly retriable: boolean;
}

/** The model API could not answer now (connection refused, timeout, 408/404/429/5xx, malformed answer). */
export class ModelUnavailableError extends WorkerError {
  readonly retriable = true;
  constructor(
    message: string,
    /** Server's Retry-After hint in milliseconds, when it gave one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

/** The model API refused the request itself (4xx): retrying the same titles will not help. */
export class ModelRejectedError extends WorkerError {
  readonly retriable = false;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ModelRejectedError';
  }
}

/** A record that cannot be processed as it is. */
export class RecordRejectedError extends WorkerError {
  readonly retriable = false;
  constructor(
    readonly reason: DlqReason,
    message: string,
  ) {
    super(message);
    this.name = 'RecordRejectedError';
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
