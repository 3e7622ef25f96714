import type { Kafka } from '../../src/kafka/kafkajs';
import {
  checkDeadLetters,
  checkDelivery,
  deadLetterSource,
  inputPosition,
  type DeliveryReport,
} from './delivery-check';
import { produceAll, readTopics, type ConsumedRecord, type TestTopics } from './kafka';
import { isPoisonKey, withPoison } from './poison';
import type { LabelledProduct } from './products';
import { productMessages } from './stream';

/** What a story wrote to its input topic: the well-formed ids in production order, and where each poison landed. */
export interface StreamInputs {
  readonly ids: string[];
  readonly poison: ConsumedRecord[];
}

/** What came out: results checked by id, dead letters by the input position each names. */
export interface StreamOutputs {
  readonly results: DeliveryReport;
  readonly deadLetters: DeliveryReport;
}

/**
 * Produces the products to the input topic with `poisonPerKind` poison messages of every kind spread among them,
 * then reads the topic back to learn where each poison record landed (a topic takes one such call's poison).
 */
export async function produceWithPoison(
  kafka: Kafka,
  topics: TestTopics,
  products: readonly LabelledProduct[],
  poisonPerKind: number,
): Promise<StreamInputs> {
  const messages = withPoison(productMessages([...products]), poisonPerKind);
  await produceAll(kafka, topics.input, messages);
  const poisonKeys = new Set(messages.map(({ key }) => String(key)).filter(isPoisonKey));
  const landed = (read: ConsumedRecord[]) => read.filter(({ key }) => poisonKeys.has(key));
  const inputs = await readTopics(kafka, [topics.input], (read) => landed(read).length >= poisonKeys.size, 60_000);
  return { ids: products.map(({ id }) => id), poison: landed(inputs) };
}

/**
 * Reads the output topic and the DLQ as read_committed until every id has a result and every poison record a dead
 * letter (or `timeoutMs` passed), then `quietMs` more so copies that follow are read too, and checks both: results
 * by id, dead letters by input position, each exactly once.
 */
export async function readOutputs(
  kafka: Kafka,
  topics: TestTopics,
  inputs: StreamInputs,
  timeoutMs: number,
  quietMs = 2_000,
): Promise<StreamOutputs> {
  const expectedIds = new Set(inputs.ids);
  const expectedLetters = new Set(
    inputs.poison.map(({ topic, partition, offset }) => inputPosition(topic, partition, offset)),
  );
  const everything = (read: ConsumedRecord[]) => {
    const ids = new Set(read.filter(({ topic }) => topic === topics.output).map(({ key }) => key));
    const letters = new Set(read.filter(({ topic }) => topic === topics.dlq).map(deadLetterSource));
    return (
      [...expectedIds].every((id) => ids.has(id)) && [...expectedLetters].every((position) => letters.has(position))
    );
  };
  const outputs = await readTopics(kafka, [topics.output, topics.dlq], everything, timeoutMs, { quietMs });
  return checkOutputs(
    inputs,
    outputs.filter(({ topic }) => topic === topics.output),
    outputs.filter(({ topic }) => topic === topics.dlq),
  );
}

/** Results checked by id and dead letters by input position, each exactly once, against what went in. */
export function checkOutputs(
  inputs: StreamInputs,
  results: ConsumedRecord[],
  deadLetters: ConsumedRecord[],
): StreamOutputs {
  return { results: checkDelivery(inputs.ids, results), deadLetters: checkDeadLetters(inputs.poison, deadLetters) };
}
