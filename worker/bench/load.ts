import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Kafka, type Producer } from '../src/kafka/kafkajs';

// Sends at least this often while pacing, so a message waits little for its send.
const tickMs = 10;

/** The bench's producer of product messages: a backlog at once, or a steady rate; remembers when each was sent. */
export class LoadGenerator {
  readonly sentAt = new Map<string, number>();
  private produced = 0;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly titles: readonly string[],
    private readonly prefix: string,
  ) {}

  static async start(kafka: Kafka, topic: string, titles: readonly string[], prefix: string): Promise<LoadGenerator> {
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return new LoadGenerator(producer, topic, titles, prefix);
  }

  /** Sends `count` messages as fast as the broker takes them; returns their ids. */
  async backlog(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let sent = 0; sent < count; sent += 1_000) ids.push(...(await this.send(Math.min(1_000, count - sent))));
    return ids;
  }

  /** Offers `rate` messages per second for `seconds`, in small sends; returns their ids. */
  async paced(rate: number, seconds: number): Promise<string[]> {
    const ids: string[] = [];
    const started = Date.now();
    for (let elapsed = 0; elapsed < seconds * 1000; elapsed = Date.now() - started) {
      const due = Math.floor((rate * elapsed) / 1000) - ids.length;
      if (due > 0) ids.push(...(await this.send(due)));
      await sleep(tickMs);
    }
    return ids;
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }

  private async send(count: number): Promise<string[]> {
    const at = Date.now();
    const messages = Array.from({ length: count }, () => {
      const id = `${this.prefix}-${this.produced}`;
      const title = this.titles[this.produced % this.titles.length] ?? '';
      this.produced += 1;
      this.sentAt.set(id, at);
      return { key: id, value: JSON.stringify({ schemaVersion: 1, id, title }) };
    });
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    return messages.map((message) => message.key);
  }
}
