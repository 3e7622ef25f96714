import type { Message } from 'kafkajs';
import type { LabelledProduct } from './products';

export function productMessages(products: LabelledProduct[]): Message[] {
  return products.map((product) => ({
    key: product.id,
    value: JSON.stringify({ schemaVersion: 1, id: product.id, title: product.title }),
  }));
}

/** Stops reading once every id has a result (duplicates do not count twice). */
export const untilAllIds =
  (count: number, topic: string) =>
  (records: { topic: string; key: string }[]): boolean =>
    new Set(records.filter((record) => record.topic === topic).map((record) => record.key)).size >= count;
