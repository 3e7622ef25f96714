import type { Admin, Kafka } from 'kafkajs';
import { verifyTransactions } from '@category-match/kafka-harness';
import { isClean, type DeliveryReport } from '../test/support/delivery-check';
import { readTopics, type ConsumedRecord, type TestTopics } from '../test/support/kafka';
import { readOutputs } from '../test/support/poisoned-stream';
import type { FaultedBroker } from './brokers';
import type { LoadSummary } from './load';

/** What a run left in Kafka, checked against what went in. */
export interface RunVerdict {
  /** Records in the input topic (the truth: what the producer's retries really wrote). */
  inputs: number;
  /** Ids the input topic holds twice (a send retried after it was written); each is expected twice downstream. */
  inputDuplicates: number;
  /** Ids the broker acknowledged that the input topic does not hold. */
  inputMissing: string[];
  /** `category-match-out` read_committed against the well-formed inputs. */
  results: DeliveryReport;
  /** `category-match-dlq` read_committed against the poison inputs, by the input position each letter names. */
  deadLetters: DeliveryReport;
  /** Input partitions whose committed offset is not the end of the partition. */
  offsetsBehind: string[];
  /** The transaction-integrity check of every broker: findings, then per-partition lines. */
  transactions: { clean: boolean; findings: string[] };
}

export function passed(verdict: RunVerdict): boolean {
  return (
    isClean(verdict.results) &&
    isClean(verdict.deadLetters) &&
    verdict.inputMissing.length === 0 &&
    verdict.offsetsBehind.length === 0 &&
    verdict.transactions.clean
  );
}

function inPartitionOrder(records: ConsumedRecord[]): ConsumedRecord[] {
  return [...records].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

const isPoison = (record: ConsumedRecord) => {
  try {
    JSON.parse(record.value?.toString() ?? '');
    return false;
  } catch {
    return true;
  }
};

/**
 * Reads the input, output and dead-letter topics to their ends (after the worker stopped, so nothing is in flight),
 * compares them, checks the group's committed offsets against the input's end and every broker's log for
 * transactions no marker closed.
 */
export async function judgeRun(options: {
  kafka: Kafka;
  admin: Admin;
  topics: TestTopics;
  load: LoadSummary;
  brokers: readonly FaultedBroker[];
  timeoutMs: number;
}): Promise<RunVerdict> {
  const { kafka, admin, topics, load } = options;
  const acknowledged = load.sent.length + load.poison.length;
  const inputs = inPartitionOrder(
    await readTopics(kafka, [topics.input], (read) => read.length >= acknowledged, options.timeoutMs, {
      quietMs: 2_000,
    }),
  );
  const inputIds = new Set(inputs.map(({ key }) => key));
  const wellFormed = inputs.filter((record) => !isPoison(record)).map(({ key }) => key);
  const poison = inputs.filter(isPoison);
  const { results, deadLetters } = await readOutputs(
    kafka,
    topics,
    { ids: wellFormed, poison },
    options.timeoutMs,
    3_000,
  );

  const committed = await admin.fetchOffsets({ groupId: topics.group, topics: [topics.input] });
  const ends = await admin.fetchTopicOffsets(topics.input);
  const offsetsBehind = ends.flatMap(({ partition, high }) => {
    const at = committed[0]?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
    return at === high ? [] : [`${topics.input}-${partition}: committed ${at}, end ${high}`];
  });

  const findings = await openTransactions(options.brokers, [topics.output, topics.dlq, '__consumer_offsets']);

  return {
    inputs: inputs.length,
    inputDuplicates: inputs.length - inputIds.size,
    inputMissing: [...load.sent, ...load.poison].filter((id) => !inputIds.has(id)),
    results,
    deadLetters,
    offsetsBehind,
    transactions: { clean: findings.length === 0, findings },
  };
}

/** Every broker's log checked for transactions no marker closed, in `topics`: each finding names its broker. */
export async function openTransactions(brokers: readonly FaultedBroker[], topics: string[]): Promise<string[]> {
  const findings: string[] = [];
  for (const broker of brokers) {
    const report = await verifyTransactions(broker.dataDir, broker.serverLog, topics);
    findings.push(...report.findings.map((finding) => `broker ${broker.id}: ${finding}`));
  }
  return findings;
}
