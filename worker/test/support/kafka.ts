import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, Partitioners, logLevel, type Admin, type IHeaders, type Message } from '../../src/kafka/kafkajs';
import {
  createTopicsAndWait,
  startBroker,
  startCluster,
  stopBroker,
  type BrokerInfo,
  type LocalCluster,
} from '@category-match/kafka-harness';
import { testStateRoot } from './paths';

/** A client of the broker(s) at `brokers`, `host:port[,host:port...]`. */
export function testKafka(brokers: string): Kafka {
  return new Kafka({
    clientId: 'worker-tests',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 20, maxRetryTime: 3_000 },
  });
}

/** A variable the jest global setup publishes. */
function published(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set: run through the worker jest config`);
  return value;
}

/** The broker that the jest global setup started (or found running). */
export function sharedBrokerAddress(): string {
  return published('KAFKA_TEST_PLAINTEXT');
}

/** The shared broker's SASL listeners (plain and TLS), its SCRAM user and the CA of its TLS listener. */
export function sharedBrokerSasl(): {
  sasl: string;
  saslSsl: string;
  caFile: string;
  username: string;
  password: string;
} {
  return {
    sasl: published('KAFKA_TEST_SASL'),
    saslSsl: published('KAFKA_TEST_SASL_SSL'),
    caFile: published('KAFKA_TEST_CA_FILE'),
    username: published('KAFKA_TEST_SCRAM_USERNAME'),
    password: published('KAFKA_TEST_SCRAM_PASSWORD'),
  };
}

/** A broker of this test file alone, for stories that restart or kill it. */
export async function startOwnBroker(
  name: string,
  portBase: number,
): Promise<BrokerInfo & { stop: () => Promise<void> }> {
  const options = { stateDir: path.join(testStateRoot, `worker-tests-${name}`), portBase };
  const info = await startBroker(options);
  return { ...info, stop: async () => void (await stopBroker(options)) };
}

/** A replicated cluster of this test file alone, for stories that restart one of its brokers. */
export function startOwnCluster(name: string, portBase: number, nodes: number): Promise<LocalCluster> {
  return startCluster({ stateDir: path.join(testStateRoot, `worker-tests-${name}`), portBase, nodes });
}

export interface TestTopics {
  input: string;
  output: string;
  dlq: string;
  group: string;
}

export interface TestTopicOptions {
  /** Topic configuration of the input topic (the bench has the broker stamp append times on it). */
  readonly inputConfig?: { name: string; value: string }[];
  /** The DLQ's partitions when not the input's: a DLQ partition then takes letters of several input partitions. */
  readonly dlqPartitions?: number;
}

/** Fresh topics and group names for one story, so stories never see each other's records. */
export async function createTestTopics(
  admin: Admin,
  story: string,
  partitions: number,
  { inputConfig = [], dlqPartitions = partitions }: TestTopicOptions = {},
): Promise<TestTopics> {
  const suffix = `${story}-${randomBytes(3).toString('hex')}`;
  const topics = { input: `in-${suffix}`, output: `out-${suffix}`, dlq: `dlq-${suffix}`, group: `group-${suffix}` };
  await createTopicsAndWait(admin, [
    { topic: topics.input, numPartitions: partitions, configEntries: inputConfig },
    { topic: topics.output, numPartitions: partitions },
    { topic: topics.dlq, numPartitions: dlqPartitions },
  ]);
  return topics;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) strings[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return strings;
}

export interface ReadOptions {
  /** Goes on reading after `done` until nothing new came for this long, so copies that follow are read too. */
  readonly quietMs?: number;
  /** The reader's group: one whose offsets were set starts there; by default a fresh one reads from the beginning. */
  readonly groupId?: string;
}

/**
 * Reads `topics` as a read_committed consumer until `done` says so or the time is up; returns what it read either
 * way, in partition order.
 */
export async function readTopics(
  kafka: Kafka,
  topics: string[],
  done: (records: ConsumedRecord[]) => boolean,
  timeoutMs: number,
  { quietMs = 0, groupId = `reader-${randomBytes(4).toString('hex')}` }: ReadOptions = {},
): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const records: ConsumedRecord[] = [];
  // A reader that restarts re-reads records; the same topic, partition and offset counts once.
  const seen = new Set<string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let quietTimer: NodeJS.Timeout | undefined;
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const position = `${batch.topic}/${batch.partition}/${message.offset}`;
          if (seen.has(position)) continue;
          seen.add(position);
          records.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            value: message.value,
            headers: headerStrings(message.headers),
          });
        }
        if (!done(records)) return;
        if (quietMs === 0) finish();
        clearTimeout(quietTimer);
        quietTimer = setTimeout(finish, quietMs);
      },
    });
    const timer = setTimeout(finish, timeoutMs);
    await finished;
    clearTimeout(timer);
    clearTimeout(quietTimer);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Produces messages in chunks, keyed by product id so a product always lands on the same partition. */
export async function produceAll(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  // Idempotent, so a request retried under load cannot write the same input twice.
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += 500) {
      await producer.send({ topic, acks: -1, messages: messages.slice(start, start + 500) });
    }
  } finally {
    await producer.disconnect();
  }
}
