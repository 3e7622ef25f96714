import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Kafka, type Message } from '@category-match/worker/kafkajs';
import type { InputItem } from './product-input';

export interface ProduceOptions {
  readonly topic: string;
  /** Messages per second; undefined: as fast as the broker takes them. */
  readonly rate: number | undefined;
  /** Stop after this many messages. */
  readonly limit: number | undefined;
}

export interface ProduceSummary {
  readonly sent: number;
  readonly problems: number;
  readonly seconds: number;
}

// As fast as possible, messages go in sends of this many; paced, whatever is due goes at least this often.
const sendSize = 500;
const paceTickMs = 10;

/** The `category-match-in` message of one product (schema version 1), keyed by its id. */
export function inputMessage(id: string, title: string): Message {
  return { key: id, value: JSON.stringify({ schemaVersion: 1, id, title }) };
}

/**
 * Sends the products to `topic` with an idempotent producer (acks from every in-sync replica), keyed by product id
 * so one product's messages stay in order. Lines that cannot become a message are reported and counted, not sent.
 */
export async function produceProducts(
  kafka: Kafka,
  items: AsyncIterable<InputItem>,
  options: ProduceOptions,
  report: (problem: string) => void,
): Promise<ProduceSummary> {
  const producer = kafka.producer({
    idempotent: true,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const startedAt = Date.now();
  let sent = 0;
  let problems = 0;
  let pending: Message[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const messages = pending;
    pending = [];
    await producer.send({ topic: options.topic, acks: -1, messages });
    sent += messages.length;
  };
  try {
    for await (const item of items) {
      if (item.kind === 'problem') {
        problems += 1;
        report(`line ${item.line}: ${item.message}; not sent`);
        continue;
      }
      if (options.limit !== undefined && sent + pending.length >= options.limit) break;
      if (options.rate !== undefined) {
        const dueAt = startedAt + ((sent + pending.length) * 1000) / options.rate;
        const wait = dueAt - Date.now();
        if (wait >= paceTickMs) {
          await flush();
          await sleep(wait);
        }
      }
      pending.push(inputMessage(item.id, item.title));
      if (pending.length >= sendSize) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { sent, problems, seconds: (Date.now() - startedAt) / 1000 };
}
