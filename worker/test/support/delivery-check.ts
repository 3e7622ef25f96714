import type { ConsumedRecord } from './kafka';

export interface DeliveryReport {
  received: number;
  missing: string[];
  /** Ids that came out more often than they went in. */
  duplicated: string[];
  /** Where each duplicated id came out: `partition@offset` of every copy. */
  duplicatePositions: Record<string, string[]>;
  /** Ids whose first result came after the result of an id produced later to the same partition. */
  outOfOrder: string[];
  unexpected: string[];
}

/**
 * Compares the results read from the output topic with the ids produced, in production order. Input and
 * output topics have the same partition count and the same keys, so a partition's results should follow
 * the order in which its inputs were produced. An id produced twice is expected twice.
 */
export function checkDelivery(producedIds: string[], results: ConsumedRecord[]): DeliveryReport {
  const position = new Map(producedIds.map((id, index) => [id, index]));
  const expected = new Map<string, number>();
  for (const id of producedIds) expected.set(id, (expected.get(id) ?? 0) + 1);
  const seen = new Map<string, number>();
  const outOfOrder: string[] = [];
  const unexpected: string[] = [];
  const byPartition = new Map<number, ConsumedRecord[]>();
  for (const record of results) {
    const partition = byPartition.get(record.partition) ?? [];
    partition.push(record);
    byPartition.set(record.partition, partition);
  }
  for (const records of byPartition.values()) {
    records.sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
    let latest = -1;
    for (const { key } of records) {
      const index = position.get(key);
      if (index === undefined) {
        unexpected.push(key);
        continue;
      }
      const count = seen.get(key) ?? 0;
      seen.set(key, count + 1);
      if (count > 0) continue;
      if (index < latest) outOfOrder.push(key);
      latest = Math.max(latest, index);
    }
  }
  const duplicated = [...seen.entries()].filter(([id, count]) => count > (expected.get(id) ?? 1)).map(([id]) => id);
  const duplicatePositions: Record<string, string[]> = {};
  for (const id of duplicated) duplicatePositions[id] = [];
  for (const { key, partition, offset } of results) duplicatePositions[key]?.push(`${partition}@${offset}`);
  return {
    received: results.length,
    missing: [...expected.entries()].filter(([id, count]) => (seen.get(id) ?? 0) < count).map(([id]) => id),
    duplicated,
    duplicatePositions,
    outOfOrder,
    unexpected,
  };
}

/** True when nothing is missing, duplicated, out of order or unexpected. */
export function isClean(report: DeliveryReport): boolean {
  return report.missing.length + report.duplicated.length + report.outOfOrder.length + report.unexpected.length === 0;
}

/** One line for the test log, so every lost, duplicated or reordered message is reported. */
export function describeReport(story: string, report: DeliveryReport): string {
  const sample = (ids: string[]) =>
    ids.length > 0 ? ` (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : '';
  return (
    `${story}: received ${report.received}, missing ${report.missing.length}${sample(report.missing)}, ` +
    `duplicated ${report.duplicated.length}${sample(report.duplicated)}, out of order ${report.outOfOrder.length}` +
    `${sample(report.outOfOrder)}, unexpected ${report.unexpected.length}`
  );
}

/** An input record's place, `topic/partition@offset`: what identifies a dead letter, whose key may be anything. */
export function inputPosition(topic: string, partition: number | string, offset: string): string {
  return `${topic}/${partition}@${offset}`;
}

/** The input position a dead letter's `x-dlq-source-*` headers name, or undefined when they are missing. */
export function deadLetterSource({ headers }: ConsumedRecord): string | undefined {
  const topic = headers['x-dlq-source-topic'];
  const partition = headers['x-dlq-source-partition'];
  const offset = headers['x-dlq-source-offset'];
  return topic === undefined || partition === undefined || offset === undefined
    ? undefined
    : inputPosition(topic, partition, offset);
}

/**
 * Compares the dead letters read from the DLQ with the poison records of the input: each poison record exactly
 * once, matched by the source topic, partition and offset its headers carry (keys prove nothing: two poison
 * messages may share one, or have none). Report entries are input positions; a letter without source headers is
 * `unexpected`. The DLQ promises no order across partitions, so `outOfOrder` stays empty.
 */
export function checkDeadLetters(poison: ConsumedRecord[], deadLetters: ConsumedRecord[]): DeliveryReport {
  const expected = new Set(poison.map(({ topic, partition, offset }) => inputPosition(topic, partition, offset)));
  const copies = new Map<string, string[]>();
  const unexpected: string[] = [];
  for (const letter of deadLetters) {
    const source = deadLetterSource(letter);
    if (source === undefined || !expected.has(source)) {
      unexpected.push(source ?? `no source headers at ${letter.partition}@${letter.offset}`);
      continue;
    }
    copies.set(source, [...(copies.get(source) ?? []), `${letter.partition}@${letter.offset}`]);
  }
  const duplicatePositions: Record<string, string[]> = {};
  for (const [source, at] of copies) if (at.length > 1) duplicatePositions[source] = at;
  return {
    received: deadLetters.length,
    missing: [...expected].filter((source) => !copies.has(source)),
    duplicated: Object.keys(duplicatePositions),
    duplicatePositions,
    outOfOrder: [],
    unexpected,
  };
}
