import { RecordRejectedError, type DlqReason } from '../errors';
import { decodeProductMessage, type ProductMessage } from '../messages/input-message';
import { inferIsolatingRejections } from '../model/isolate-rejections';
import type { Infer } from '../model/model-client';
import { deadLetterRecord, resultRecord, type InputRecord, type OutgoingRecord, type RecordSource } from './records';
import { recordTimestamp, type StageTimes } from './stage-times';

export interface ClassifiedRecords {
  /** For `category-match-out`, in input order. */
  results: OutgoingRecord[];
  /** For `category-match-dlq`, in input order, with the reason of each. */
  deadLetters: { record: OutgoingRecord; reason: DlqReason }[];
  /** Titles sent to the model (the inference batch size). */
  inferred: number;
  /** When each result's record passed the worker's stages, in the order of `results`. */
  stageTimes: StageTimes[];
}

/**
 * Turns consumed records into result and dead-letter records: invalid records are rejected alone, the valid
 * titles go to the model in one request. A retriable model error propagates so the caller can pause and retry
 * the same records; nothing here has side effects besides calling the model.
 */
type Decoded =
  | { kind: 'valid'; record: InputRecord; product: ProductMessage }
  | { kind: 'rejected'; record: InputRecord; rejection: RecordRejectedError };

function decode(record: InputRecord): Decoded {
  try {
    return { kind: 'valid', record, product: decodeProductMessage(record.value) };
  } catch (error) {
    if (error instanceof RecordRejectedError) return { kind: 'rejected', record, rejection: error };
    throw error;
  }
}

export interface ClassifyPolicy {
  /** Results scored below this get `category: null` and the best guess (0: never). */
  readonly abstainBelowScore?: number;
  readonly now?: () => number;
}

export async function classifyRecords(
  records: InputRecord[],
  source: RecordSource,
  infer: Infer,
  { abstainBelowScore = 0, now = Date.now }: ClassifyPolicy = {},
): Promise<ClassifiedRecords> {
  const decoded = records.map(decode);
  const valid = decoded.filter((item) => item.kind === 'valid');
  const sent = now();
  const outcomes = await inferIsolatingRejections(
    valid.map((item) => item.product.title),
    infer,
  );
  const answered = now();
  const outcomeByRecord = new Map(valid.map((item, index) => [item.record, outcomes[index]]));

  const at = new Date(answered);
  const classified: ClassifiedRecords = { results: [], deadLetters: [], inferred: valid.length, stageTimes: [] };
  for (const item of decoded) {
    if (item.kind === 'rejected') {
      const { reason, message } = item.rejection;
      classified.deadLetters.push({ record: deadLetterRecord(item.record, source, reason, message, at), reason });
      continue;
    }
    const outcome = outcomeByRecord.get(item.record);
    if (outcome === undefined) throw new Error('model outcome missing for a valid record');
    if (outcome.ok) {
      const times = {
        input: recordTimestamp(item.record.timestamp),
        received: item.record.receivedAt ?? sent,
        sent,
        answered,
      };
      classified.results.push(resultRecord(item.record, source, item.product, outcome, at, times, abstainBelowScore));
      classified.stageTimes.push(times);
    } else {
      const record = deadLetterRecord(item.record, source, 'model-rejected', outcome.error, at);
      classified.deadLetters.push({ record, reason: 'model-rejected' });
    }
  }
  return classified;
}
