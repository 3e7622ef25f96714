import { inputRecord, parseResult } from './messages';

describe('demo messages', () => {
  it('keys each input by product id with a schema version 1 value', () => {
    const record = inputRecord({
      id: '42',
      title: 'apple iphone 8 plus 64gb silver',
      category: 'Mobile Phones',
      clusterId: '1',
    });
    expect(record.key).toBe('42');
    expect(JSON.parse(record.value)).toEqual({ schemaVersion: 1, id: '42', title: 'apple iphone 8 plus 64gb silver' });
  });

  it('reads a category-match-out value', () => {
    const value = {
      schemaVersion: 1,
      id: '42',
      category: 'Mobile Phones',
      score: 0.97,
      model: { name: 'category-classifier', version: 'v1' },
      processedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(parseResult(Buffer.from(JSON.stringify(value)))).toEqual(value);
  });

  it.each([
    [null, /empty message value/],
    [Buffer.from('{not json'), /not JSON/],
    [Buffer.from(JSON.stringify({ schemaVersion: 2, id: '1' })), /schemaVersion/],
  ])('says what is wrong with an unreadable result', (value, problem) => {
    const parsed = parseResult(value);
    expect('error' in parsed && parsed.error).toMatch(problem);
  });
});
