import { ProtobufWriter } from './protobuf-writer';

describe('ProtobufWriter', () => {
  it('encodes varints as protobuf does (300 is ac 02 after the tag)', () => {
    expect(Array.from(new ProtobufWriter().varintField(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
  });

  it('encodes a negative int64 as ten bytes of two’s complement', () => {
    const bytes = new ProtobufWriter().varintField(1, -1).finish();
    expect(bytes.length).toBe(11);
    expect(bytes[10]).toBe(0x01);
  });

  it('prefixes strings and nested messages with their byte length', () => {
    const nested = new ProtobufWriter().stringField(1, 'hé');
    expect(Array.from(new ProtobufWriter().messageField(2, nested).finish())).toEqual([
      0x12, 0x05, 0x0a, 0x03, 0x68, 0xc3, 0xa9,
    ]);
  });

  it('writes floats little-endian with wire type 5', () => {
    expect(Array.from(new ProtobufWriter().floatField(2, 1).finish())).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
  });
});
