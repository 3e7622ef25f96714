import fc from 'fast-check';
import { RecordRejectedError } from '../errors';
import { decodeProductMessage, maxValueBytes } from './input-message';

const bytes = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function reasonFor(value: Buffer | null): string {
  try {
    decodeProductMessage(value);
  } catch (error) {
    if (error instanceof RecordRejectedError) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('decodeProductMessage', () => {
  it('reads id and title of a version 1 message and ignores extra fields', () => {
    const value = bytes({ schemaVersion: 1, id: 'sku-1', title: 'apple iphone 8 plus 64gb silver', merchant: 7 });
    expect(decodeProductMessage(value)).toEqual({ id: 'sku-1', title: 'apple iphone 8 plus 64gb silver' });
  });

  it.each([
    ['an empty value', null, 'invalid-json'],
    ['a value that is not JSON', bytes('{"schemaVersion": 1,'), 'invalid-json'],
    ['a value that is not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'invalid-json'],
    ['an unknown schemaVersion', bytes({ schemaVersion: 2, id: 'a', title: 'b' }), 'unsupported-schema-version'],
    ['a missing schemaVersion', bytes({ id: 'a', title: 'b' }), 'schema-violation'],
    ['a missing title', bytes({ schemaVersion: 1, id: 'a' }), 'schema-violation'],
    ['a numeric id', bytes({ schemaVersion: 1, id: 5, title: 'b' }), 'schema-violation'],
    ['an array', bytes([1, 2]), 'schema-violation'],
    ['an empty title', bytes({ schemaVersion: 1, id: 'a', title: '' }), 'empty-title'],
    ['a whitespace-only title', bytes({ schemaVersion: 1, id: 'a', title: ' \t\n ' }), 'empty-title'],
    ['an oversized title', bytes({ schemaVersion: 1, id: 'a', title: 'x'.repeat(1001) }), 'payload-too-large'],
    [
      'an oversized value',
      bytes({ schemaVersion: 1, id: 'a', title: 'b', pad: 'x'.repeat(maxValueBytes) }),
      'payload-too-large',
    ],
  ])('rejects %s as %s', (_case, value, reason) => {
    expect(reasonFor(value)).toBe(reason);
  });

  it('never throws anything but a tagged, non-retriable rejection, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        try {
          decodeProductMessage(Buffer.from(raw));
          return true;
        } catch (error) {
          return error instanceof RecordRejectedError && !error.retriable;
        }
      }),
      { numRuns: 300 },
    );
  });
});
