import type { KafkaMessage } from 'kafkajs';
import { readableLine, shownRecord } from './consume';
import { inferenceLine, inferencesOf } from './infer';

const message = (value: string, headers: Record<string, string> = {}): KafkaMessage => ({
  key: Buffer.from('sku-1'),
  value: Buffer.from(value),
  offset: '41',
  timestamp: '1764730000000',
  headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
  attributes: 0,
});

describe('records as the command line shows them', () => {
  it('shows a result as key, category, score and model version', () => {
    const value =
      '{"schemaVersion":1,"id":"sku-1","category":"Mobile Phones","score":0.9712,"model":{"name":"c","version":"v1"}}';
    expect(readableLine(shownRecord('category-match-out', 0, message(value)))).toBe('sku-1  Mobile Phones  0.971  v1');
  });

  it('shows an abstained result with the best guess', () => {
    const value =
      '{"schemaVersion":1,"id":"sku-1","category":null,"bestGuess":"TVs","score":0.41,"model":{"name":"c","version":"v2"}}';
    expect(readableLine(shownRecord('category-match-out', 0, message(value)))).toBe(
      'sku-1  (abstained; best guess TVs)  0.410  v2',
    );
  });

  it('shows a dead letter with its reason, error and source', () => {
    const record = shownRecord(
      'category-match-dlq',
      2,
      message('not json', {
        'x-dlq-reason': 'invalid-json',
        'x-dlq-error': 'Unexpected token',
        'x-dlq-source-topic': 'category-match-in',
        'x-dlq-source-partition': '3',
        'x-dlq-source-offset': '17',
      }),
    );
    expect(record.value).toBe('not json');
    expect(readableLine(record)).toBe('sku-1  DLQ invalid-json: Unexpected token  (from category-match-in/3@17)');
  });

  it('shows an input as key and title, and keeps every field for JSON Lines', () => {
    const record = shownRecord(
      'category-match-in',
      1,
      message('{"schemaVersion":1,"id":"sku-1","title":"tv"}', { a: 'b' }),
    );
    expect(readableLine(record)).toBe('sku-1  tv');
    expect(record).toEqual({
      topic: 'category-match-in',
      partition: 1,
      offset: '41',
      timestamp: '2025-12-03T02:46:40.000Z',
      key: 'sku-1',
      value: { schemaVersion: 1, id: 'sku-1', title: 'tv' },
      headers: { a: 'b' },
    });
  });

  it('reads labels and scores of a v2 answer, one per title, or says what is missing', () => {
    const body = {
      outputs: [
        { name: 'label', data: ['TVs'] },
        { name: 'score', data: [0.5] },
      ],
    };
    const [inference] = inferencesOf(['lg oled'], body);
    expect(inference).toEqual({ title: 'lg oled', label: 'TVs', score: 0.5 });
    expect(inferenceLine(inference ?? { title: '', label: '', score: 0 })).toBe('TVs  0.500  lg oled');
    expect(() => inferencesOf(['a', 'b'], body)).toThrow('without one "label" and one "score" per title (2 titles)');
    expect(() => inferencesOf(['a'], { error: 'x' })).toThrow('answered without "outputs"');
  });
});
