import type { ConsumedRecord } from './kafka';

export interface DeliveryReport {
  received: number;
  missing: string[];
  duplicated: string[];
  /** Ids whose first result came after the result of an id produced later to the same partition. */
  outOfOrder: string[];
  unexpected: string[];
}

/**
 * Compares the results read from the output topic with the ids produced, in production order. Input and
 * output topics have the same partition count and the same keys, so a partition's results should follow
 * the order in which its inputs were produced.
 */
export function checkDelivery(producedIds: string[], results: ConsumedRecord[]): DeliveryReport {
  const position = new Map(producedIds.map((id, index) => [id, index]));
  const seen = new Map<string, number>();
  const outOfOrder: string[] = [];
  const unexpected: string[] = [];
  const byPartition = new Map<number, ConsumedRecord[]>();
  for (const record of results)
    byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
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
  return {
    received: results.length,
    missing: producedIds.filter((id) => !seen.has(id)),
    duplicated: [...seen.entries()].filter(([, count]) => count > 1).map(([id]) => id),
    outOfOrder,
    unexpected,
  };
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
