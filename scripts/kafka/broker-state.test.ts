import { generateClusterId } from './broker-state';

describe('generateClusterId', () => {
  it('is 22 characters of URL-safe base64, like kafka-storage random-uuid', () => {
    expect(generateClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('never starts with "-", which the storage tool would read as an option', () => {
    // 0xf8 encodes to "-" as the first base64url character; the second draw does not.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = generateClusterId(() => draws.shift() ?? Buffer.alloc(16));
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
  });
});
