import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bertEncoderGraph } from '../test/bert-encoder-graph';
import { encodeOnnxModel } from './onnx-export/onnx-graph';
import { OnnxModel } from './onnx-model';
import { createPrng } from './reference-model/prng';
import type { Sequence } from './tokenizer';

// A small BERT encoder (2 layers, attention masks, token types, [CLS] pooler) in the worker threads
// the server uses: splitting a batch by length must not change a single answer.
const workDir = mkdtempSync(path.join(tmpdir(), 'session-runs-'));
const modelFile = path.join(workDir, 'model.onnx');
const shape = { layers: 2, hidden: 32, heads: 2, intermediate: 64, vocabSize: 50, maxPositions: 16, classes: 3 };
writeFileSync(modelFile, encodeOnnxModel(bertEncoderGraph(shape, 11)));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const load = (runOverheadTokens: number) =>
  OnnxModel.load(modelFile, { executionProvider: 'cpu', threads: 1, maxSequenceLength: 16, runOverheadTokens });

/** Rows of 2..16 random tokens; every third one arrives padded to 16 with a zero attention mask. */
function rows(count: number, seed: number): Sequence[] {
  const random = createPrng(seed);
  return Array.from({ length: count }, (_, index) => {
    const length = 2 + Math.floor(random() * 15);
    const padding = index % 3 === 0 ? 16 - length : 0;
    const ids = Array.from({ length }, () => 1 + Math.floor(random() * 49));
    return {
      inputIds: [...ids, ...new Array<number>(padding).fill(0)],
      attentionMask: [...ids.map(() => 1), ...new Array<number>(padding).fill(0)],
      tokenTypeIds: new Array<number>(length + padding).fill(index % 2),
    };
  });
}

const expectClose = (actual: Float32Array, expected: Float32Array) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 5));
};

describe('a batch split into runs by length', () => {
  let whole: OnnxModel;
  let byLength: OnnxModel;
  beforeAll(async () => {
    [whole, byLength] = await Promise.all([load(Number.POSITIVE_INFINITY), load(0)]);
  });
  afterAll(() => Promise.all([whole.close(), byLength.close()]));

  it('answers every row as one padded run does, in the same order', async () => {
    const batch = rows(24, 3);
    const [one, split] = await Promise.all([
      whole.runSequences(batch, 'logits'),
      byLength.runSequences(batch, 'logits'),
    ]);
    expect(one.runs).toBe(1);
    expect(split.runs).toBeGreaterThan(1);
    expect(split.dims).toEqual([24, 3]);
    expectClose(split.data, one.data);
  });

  it('answers each row as it is answered alone: padding changes nothing', async () => {
    const batch = rows(9, 5);
    const together = await whole.runSequences(batch, 'logits');
    const alone = await Promise.all(batch.map((row) => whole.runSequences([row], 'logits')));
    expectClose(together.data, Float32Array.from(alone.flatMap((result) => Array.from(result.data))));
  });
});
