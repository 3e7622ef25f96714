import type { DlqReason } from '../errors';
import type { TitleOutcome } from '../model/isolate-rejections';
import type { ProductMessage } from '../messages/input-message';
import { formatStageTimes, stageTimesHeader, type StageTimes } from './stage-times';

export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A consumed record, independent of the Kafka client library. */
export interface InputRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, HeaderValue>;
  offset: string;
  /** The record's timestamp, milliseconds since the epoch as Kafka clients give it. */
  timestamp?: string;
  /** When the worker received it from the consumer, milliseconds since the epoch. */
  receivedAt?: number;
}

/** A record to produce, independent of the Kafka client library. */
export interface OutgoingRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string>;
  /** Milliseconds since the epoch; set when the record is sent. */
  timestamp?: string;
}

export interface RecordSource {
  topic: string;
  partition: number;
}

export const correlationHeader = 'x-correlation-id';
const maxErrorLength = 1000;

/** The input's correlation id header, or one derived from where the record sits (stable across retries). */
export function correlationIdOf(record: InputRecord, source: RecordSource): string {
  const header = record.headers?.[correlationHeader];
  const first = Array.isArray(header) ? header[0] : header;
  if (first !== undefined && first.length > 0) return first.toString();
  return `${source.topic}-${source.partition}-${record.offset}`;
}

/**
 * The `category-match-out` record for a classified product: keyed like the input, value per the v1 schema. A score
 * below `abstainBelowScore` gives `category: null` with the model's `bestGuess`, for a person to decide.
 */
export function resultRecord(
  record: InputRecord,
  source: RecordSource,
  product: ProductMessage,
  outcome: Extract<TitleOutcome, { ok: true }>,
  now: Date,
  times: StageTimes,
  abstainBelowScore = 0,
): OutgoingRecord {
  const { label, score } = outcome.prediction;
  const value = {
    schemaVersion: 1,
    id: product.id,
    ...(score < abstainBelowScore ? { category: null, bestGuess: label } : { category: label }),
    score,
    model: { name: outcome.model.name, version: outcome.model.version },
    processedAt: now.toISOString(),
  };
  return {
    key: record.key ?? product.id,
    value: JSON.stringify(value),
    headers: {
      [correlationHeader]: correlationIdOf(record, source),
      'x-model-name': outcome.model.name,
      'x-model-version': outcome.model.version,
      [stageTimesHeader]: formatStageTimes(times),
    },
  };
}

/** The `category-match-dlq` record: original key, value and headers, plus why and where from. */
export function deadLetterRecord(
  record: InputRecord,
  source: RecordSource,
  reason: DlqReason,
  error: string,
  now: Date,
): OutgoingRecord {
  const original: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) original[name] = first;
  }
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...original,
      [correlationHeader]: correlationIdOf(record, source),
      'x-dlq-reason': reason,
      'x-dlq-error': error.slice(0, maxErrorLength),
      'x-dlq-source-topic': source.topic,
      'x-dlq-source-partition': String(source.partition),
      'x-dlq-source-offset': record.offset,
      'x-dlq-timestamp': now.toISOString(),
    },
  };
}
