/**
 * When a record passed each point of the worker, in milliseconds since the epoch. Carried on every result as the
 * `x-stage-times` header so a consumer can tell where the time went: the input record's timestamp (the producer's
 * send time, or the broker's append time on a topic with `LogAppendTime`), when the worker received the record,
 * sent its inference request and got the answer. The result record's own timestamp is when the worker started
 * producing it.
 */
export interface StageTimes {
  readonly input: number | undefined;
  readonly received: number;
  readonly sent: number;
  readonly answered: number;
}

/** When a delivery started producing, when its records were acknowledged and when it was committed (ms). */
export interface DeliveryTimes {
  readonly started: number;
  readonly produced: number;
  readonly committed: number;
}

export const stageTimesHeader = 'x-stage-times';

const fields = ['input', 'received', 'sent', 'answered'] as const;

export function formatStageTimes(times: StageTimes): string {
  return fields.flatMap((field) => (times[field] === undefined ? [] : [`${field}=${times[field]}`])).join(',');
}

/** Reads the header back; undefined when it is absent or not in this format. */
export function parseStageTimes(value: string | Buffer | undefined): StageTimes | undefined {
  if (value === undefined) return undefined;
  const entries = new Map(
    value
      .toString()
      .split(',')
      .map((pair) => pair.split('=', 2) as [string, string | undefined]),
  );
  const read = (field: (typeof fields)[number]): number | undefined => {
    const text = entries.get(field);
    const number = text === undefined || text === '' ? Number.NaN : Number(text);
    return Number.isSafeInteger(number) ? number : undefined;
  };
  const received = read('received');
  const sent = read('sent');
  const answered = read('answered');
  if (received === undefined || sent === undefined || answered === undefined) return undefined;
  return { input: read('input'), received, sent, answered };
}

/** The record timestamp Kafka clients hand over (milliseconds as a decimal string), as a number. */
export function recordTimestamp(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const number = Number(timestamp);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
