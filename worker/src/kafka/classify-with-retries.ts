import { WorkerError } from '../errors';
import type { Infer } from '../model/model-client';
import type { Logger } from '../ops/logger';
import type { WorkerMetrics } from '../ops/metrics';
import { backoffDelayMs, modelBackoff } from '../processing/backoff';
import { classifyRecords, type ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord, RecordSource } from '../processing/records';

/** What retrying needs of the partition: pausing its fetches, and whether the work still matters. */
export interface RetryControl {
  /** Pauses the partition's fetches; returns the function that resumes them. */
  pause(): () => void;
  /** False once the partition was revoked, the lane reset or the worker is stopping: the work is dropped. */
  isActive(): boolean;
  /** Waits between retries; ends early when `isActive` turns false. */
  wait(delayMs: number): Promise<void>;
}

export interface ClassifyOptions {
  readonly infer: Infer;
  readonly source: RecordSource;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  /** Jitter of the retry delays. */
  readonly random?: () => number;
  /** Results scored below this get `category: null` and the best guess (0: never). */
  readonly abstainBelowScore?: number;
}

/**
 * Classifies one inference request's records. While the model API is unavailable the partition is paused and
 * the request retried with backoff. Undefined when the work was dropped (see `RetryControl.isActive`); an error
 * that is neither retriable nor about one record (a defect) propagates.
 */
export async function classifyWithRetries(
  records: InputRecord[],
  control: RetryControl,
  { infer, source, metrics, logger, random = Math.random, abstainBelowScore }: ClassifyOptions,
): Promise<ClassifiedRecords | undefined> {
  let resume: (() => void) | undefined;
  try {
    for (let attempt = 0; ; attempt += 1) {
      if (!control.isActive()) return undefined;
      try {
        return await classifyRecords(records, source, infer, { abstainBelowScore });
      } catch (error) {
        if (!(error instanceof WorkerError && error.retriable)) throw error;
        resume ??= control.pause();
        metrics.retries.inc({ cause: 'model' });
        const delayMs = backoffDelayMs(attempt, modelBackoff, random, retryAfterOf(error));
        logger.warn({ ...source, attempt, delayMs, err: error.message }, 'model API unavailable, partition paused');
        await control.wait(delayMs);
      }
    }
  } finally {
    resume?.();
  }
}

function retryAfterOf(error: WorkerError): number | undefined {
  return 'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}
