import { checkDeadLetters, inputPosition } from './delivery-check';
import type { ConsumedRecord } from './kafka';
import { poisonKinds, poisonMessage, withPoison } from './poison';

const input = (partition: number, offset: string): ConsumedRecord => ({
  topic: 'in',
  partition,
  offset,
  key: `poison-${offset}`,
  value: null,
  headers: {},
});

/** A dead letter at `partition@offset` of the DLQ naming `source` as where it came from. */
const letter = (partition: number, offset: string, source: ConsumedRecord, key = source.key): ConsumedRecord => ({
  topic: 'dlq',
  partition,
  offset,
  key,
  value: null,
  headers: {
    'x-dlq-source-topic': source.topic,
    'x-dlq-source-partition': String(source.partition),
    'x-dlq-source-offset': source.offset,
  },
});

describe('the dead-letter check', () => {
  const [first, second, oversized] = [input(0, '7'), input(1, '7'), input(1, '886')] as const;
  const poison = [first, second, oversized];

  it('passes when each poison record has exactly one dead letter, wherever the DLQ put it', () => {
    const report = checkDeadLetters(poison, [letter(0, '0', oversized), letter(0, '1', first), letter(2, '0', second)]);
    expect(report).toMatchObject({ received: 3, missing: [], duplicated: [], unexpected: [] });
  });

  it('finds a dead letter written twice by its input position, with where each copy sits', () => {
    const report = checkDeadLetters(poison, [
      letter(0, '0', first),
      letter(0, '1', second),
      letter(0, '2', oversized),
      letter(1, '5', oversized, 'another key'),
    ]);
    expect(report.duplicated).toEqual([inputPosition('in', 1, '886')]);
    expect(report.duplicatePositions).toEqual({ 'in/1@886': ['0@2', '1@5'] });
  });

  it('names a poison record with no dead letter, and a letter from no poison record or with no source headers', () => {
    const stray = letter(0, '9', input(2, '1'));
    const headerless = { ...letter(0, '10', first), headers: {} };
    const report = checkDeadLetters(poison, [letter(0, '0', first), letter(0, '1', second), stray, headerless]);
    expect(report.missing).toEqual(['in/1@886']);
    expect(report.unexpected).toEqual(['in/2@1', 'no source headers at 0@10']);
  });
});

describe('poison among a stream', () => {
  it('spreads every kind evenly, in turns, and keeps every well-formed message in order', () => {
    const messages = Array.from({ length: 100 }, (_, index) => ({ key: `sku-${index}`, value: '{}' }));
    const mixed = withPoison(messages, 2);
    const keys = mixed.map(({ key }) => String(key));
    expect(keys.filter((key) => key.startsWith('sku-'))).toEqual(messages.map(({ key }) => key));
    expect(keys.filter((key) => key.startsWith('poison-'))).toEqual(
      [0, 1].flatMap((index) => poisonKinds.map((kind) => `poison-${kind}-${index}`)),
    );
    expect(keys.indexOf('poison-truncated-json-0')).toBeGreaterThan(5);
    expect(keys.at(-1)).not.toMatch(/^poison-/);
  });

  it('makes the oversized title larger than the worker accepts and smaller than a broker record', () => {
    const value = String(poisonMessage('oversized-title', 0).value);
    expect(value.length).toBeGreaterThan(64 * 1024);
    expect(value.length).toBeLessThan(1024 * 1024);
  });
});
