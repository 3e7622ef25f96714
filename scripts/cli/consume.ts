import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';

export interface ConsumeOptions {
  readonly topic: string;
  /** Read the topic from its start; otherwise only records written from now on. */
  readonly fromBeginning: boolean;
  /** Stop after this many records. */
  readonly limit: number | undefined;
  /** Stop when no record arrived for this long; undefined: follow until interrupted. */
  readonly idleTimeoutMs: number | undefined;
}

/** A consumed record as the command line shows it: headers as text, the value as JSON when it is JSON. */
export interface ShownRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

export function shownRecord(topic: string, partition: number, message: KafkaMessage): ShownRecord {
  const text = message.value?.toString('utf8') ?? null;
  let value: unknown = text;
  if (text !== null) {
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON (a DLQ keeps the bytes it was given): shown as the text it is.
    }
  }
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: message.key?.toString('utf8') ?? null,
    value,
    headers: headerText(message.headers),
  };
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => {
      if (value === undefined) return [];
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined ? [] : [[name, first.toString()]];
    }),
  );
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

/**
 * One readable line: a result as `key  category  score  model version`, a dead letter as `key  DLQ reason: error
 * (from topic/partition@offset)`, an input as `key  title`, anything else as `key  value`.
 */
export function readableLine(record: ShownRecord): string {
  const key = record.key ?? '(no key)';
  const reason = record.headers['x-dlq-reason'];
  if (reason !== undefined) {
    const error = record.headers['x-dlq-error'];
    const from = `${record.headers['x-dlq-source-topic'] ?? '?'}/${record.headers['x-dlq-source-partition'] ?? '?'}@${record.headers['x-dlq-source-offset'] ?? '?'}`;
    return `${key}  DLQ ${reason}${error === undefined ? '' : `: ${error}`}  (from ${from})`;
  }
  const category = field(record.value, 'category');
  if (category !== undefined) {
    const score = field(record.value, 'score');
    const version = field(field(record.value, 'model'), 'version');
    const shownCategory =
      category === null ? `(abstained; best guess ${String(field(record.value, 'bestGuess'))})` : String(category);
    return `${key}  ${shownCategory}  ${typeof score === 'number' ? score.toFixed(3) : '?'}  ${String(version ?? '')}`.trimEnd();
  }
  const title = field(record.value, 'title');
  if (typeof title === 'string') return `${key}  ${title}`;
  return `${key}  ${typeof record.value === 'string' ? record.value : JSON.stringify(record.value)}`;
}

/**
 * Follows `topic` as a read_committed consumer of a group of its own (nothing is committed for any other reader,
 * and the group is deleted at the end), handing each record to `onRecord`; resolves with how many it handed over.
 */
export async function consumeTopic(
  kafka: Kafka,
  options: ConsumeOptions,
  onRecord: (record: ShownRecord) => void,
  stop: AbortSignal,
): Promise<number> {
  // The consumer KafkaUser may read in groups prefixed `category-match-consumer`; a fresh one takes nothing from others.
  const groupId = `category-match-consumer-cli-${process.pid}-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false });
  let shown = 0;
  let lastRecordAt = Date.now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  stop.addEventListener('abort', () => finish(), { once: true });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ topic, partition, message }) => {
        if (options.limit !== undefined && shown >= options.limit) return Promise.resolve();
        const record = shownRecord(topic, partition, message);
        onRecord(record);
        shown += 1;
        lastRecordAt = Date.now();
        if (options.limit !== undefined && shown >= options.limit) finish();
        return Promise.resolve();
      },
    });
    const idle =
      options.idleTimeoutMs === undefined
        ? undefined
        : setInterval(() => {
            if (Date.now() - lastRecordAt >= (options.idleTimeoutMs ?? 0)) finish();
          }, 100);
    await finished;
    clearInterval(idle);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return shown;
}
