import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ModelRejectedError, ModelUnavailableError } from '../errors';
import type { Infer } from '../model/model-client';
import { classifyRecords } from './classify-records';
import type { InputRecord } from './records';

const source = { topic: 'category-match-in', partition: 3 };
const at = new Date('2026-01-02T03:04:05.000Z');
const clock = () => at.getTime();
const model = { name: 'category-classifier', version: 'v7' };

const outputSchema: object = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', '..', 'schemas', 'category-match-out.v1.schema.json'), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateOutput = ajv.compile(outputSchema);

const product = (offset: number, id: string, title: string): InputRecord => ({
  key: Buffer.from(id),
  value: Buffer.from(JSON.stringify({ schemaVersion: 1, id, title })),
  headers: {},
  offset: String(offset),
});

const tellsPhones: Infer = async (titles) => {
  if (titles.includes('reject me')) throw new ModelRejectedError('model API answered 400: bad title', 400);
  return { predictions: titles.map(() => ({ label: 'Mobile Phones', score: 0.97 })), model };
};

describe('classifyRecords', () => {
  it('produces one schema-valid result per product, keyed by product id, with correlation and model headers', async () => {
    const records = [
      product(10, 'sku-1', 'apple iphone 8'),
      { ...product(11, 'sku-2', 'nokia 3310'), headers: { 'x-correlation-id': 'abc' } },
    ];
    const { results, deadLetters, inferred } = await classifyRecords(records, source, tellsPhones, { now: clock });
    expect(deadLetters).toEqual([]);
    expect(inferred).toBe(2);
    expect(results.map((result) => result.key?.toString())).toEqual(['sku-1', 'sku-2']);
    expect(results.map((result) => result.headers)).toEqual([
      expect.objectContaining({
        'x-correlation-id': 'category-match-in-3-10',
        'x-model-name': 'category-classifier',
        'x-model-version': 'v7',
      }),
      expect.objectContaining({
        'x-correlation-id': 'abc',
        'x-model-name': 'category-classifier',
        'x-model-version': 'v7',
      }),
    ]);
    const value: unknown = JSON.parse(String(results[0]?.value));
    expect(validateOutput(value)).toBe(true);
    expect(value).toEqual({
      schemaVersion: 1,
      id: 'sku-1',
      category: 'Mobile Phones',
      score: 0.97,
      model,
      processedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('below the abstention threshold, writes category null with the best guess and its score, still schema-valid', async () => {
    const records = [product(10, 'sku-1', 'apple iphone 8')];
    const unsure = await classifyRecords(records, source, tellsPhones, { now: clock, abstainBelowScore: 0.98 });
    const value: unknown = JSON.parse(String(unsure.results[0]?.value));
    expect(validateOutput(value)).toBe(true);
    expect(value).toMatchObject({ id: 'sku-1', category: null, bestGuess: 'Mobile Phones', score: 0.97 });
    const sure = await classifyRecords(records, source, tellsPhones, { now: clock, abstainBelowScore: 0.97 });
    expect(JSON.parse(String(sure.results[0]?.value))).toMatchObject({ category: 'Mobile Phones', score: 0.97 });
    expect(JSON.parse(String(sure.results[0]?.value))).not.toHaveProperty('bestGuess');
  });

  it('stamps each result with when its record was produced, received, sent to the model and answered', async () => {
    const ticks = [1_000_050, 1_000_080];
    const records = [
      { ...product(0, 'a', 'tv'), timestamp: '1000000', receivedAt: 1_000_010 },
      { ...product(1, 'b', 'radio'), receivedAt: 1_000_020 },
    ];
    const classified = await classifyRecords(records, source, tellsPhones, { now: () => ticks.shift() ?? 0 });
    expect(classified.stageTimes).toEqual([
      { input: 1_000_000, received: 1_000_010, sent: 1_000_050, answered: 1_000_080 },
      { input: undefined, received: 1_000_020, sent: 1_000_050, answered: 1_000_080 },
    ]);
    expect(classified.results.map((result) => result.headers['x-stage-times'])).toEqual([
      'input=1000000,received=1000010,sent=1000050,answered=1000080',
      'received=1000020,sent=1000050,answered=1000080',
    ]);
  });

  it('sends each poison record to the DLQ with its original bytes and reason while neighbours are classified', async () => {
    const notJson: InputRecord = {
      key: Buffer.from('k1'),
      value: Buffer.from('{oops'),
      headers: { trace: 't1' },
      offset: '1',
    };
    const records = [product(0, 'a', 'tv'), notJson, product(2, 'b', 'reject me'), product(3, 'c', 'fridge')];
    const { results, deadLetters } = await classifyRecords(records, source, tellsPhones, { now: clock });
    expect(results.map((result) => result.key?.toString())).toEqual(['a', 'c']);
    expect(deadLetters.map((letter) => letter.reason)).toEqual(['invalid-json', 'model-rejected']);
    const [first, second] = deadLetters;
    expect(first?.record.key).toEqual(Buffer.from('k1'));
    expect(first?.record.value).toEqual(Buffer.from('{oops'));
    expect(first?.record.headers).toMatchObject({
      trace: 't1',
      'x-dlq-reason': 'invalid-json',
      'x-dlq-source-topic': 'category-match-in',
      'x-dlq-source-partition': '3',
      'x-dlq-source-offset': '1',
      'x-dlq-timestamp': '2026-01-02T03:04:05.000Z',
    });
    expect(second?.record.headers['x-dlq-error']).toBe('model API answered 400: bad title');
  });

  it('when the model API is unavailable, throws the retriable error and builds nothing', async () => {
    const down: Infer = async () => {
      throw new ModelUnavailableError('ECONNREFUSED');
    };
    await expect(classifyRecords([product(0, 'a', 'tv')], source, down)).rejects.toMatchObject({ retriable: true });
  });

  it('does not call the model when every record is poison', async () => {
    const infer = jest.fn(tellsPhones);
    const { deadLetters } = await classifyRecords([{ key: null, value: null, offset: '0' }], source, infer);
    expect(infer).not.toHaveBeenCalled();
    expect(deadLetters.map((letter) => letter.reason)).toEqual(['invalid-json']);
  });
});
