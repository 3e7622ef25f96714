import fc from 'fast-check';
import { compareDigests, formatChecksums, parseChecksums } from './checksums';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const fileName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/);

describe('checksums manifest', () => {
  it('reads back exactly what it wrote, for any set of files', () => {
    fc.assert(
      fc.property(fc.dictionary(fileName, hex64), (entries) => {
        const digests = new Map(Object.entries(entries));
        expect(parseChecksums(formatChecksums(digests))).toEqual(digests);
      }),
    );
  });

  it('reads sha256sum output in text and binary mode and skips other lines', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(parseChecksums(`${a}  model.onnx\n${b} *labels.json\npublished /store/v1\n`)).toEqual(
      new Map([
        ['model.onnx', a],
        ['labels.json', b],
      ]),
    );
  });

  it('names each file that is missing or different after the copy', () => {
    const expected = new Map([
      ['model.onnx', 'a'.repeat(64)],
      ['labels.json', 'b'.repeat(64)],
      ['model.json', 'c'.repeat(64)],
    ]);
    const actual = new Map([
      ['model.onnx', 'a'.repeat(64)],
      ['labels.json', 'd'.repeat(64)],
    ]);
    expect(compareDigests(expected, actual)).toEqual([
      `labels.json: sha256 ${'d'.repeat(64)} in the store, ${'b'.repeat(64)} in the source`,
      'model.json: not found in the store after the copy',
    ]);
  });
});
