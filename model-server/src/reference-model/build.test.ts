import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Tokenizer } from 'tokenizers';
import { productsCsv } from './cached';
import { OnnxModel } from '../onnx-model';
import { BUILDER_REVISION, buildReferenceModel, type BuildResult } from './build';
import { forward } from './classifier';

// A small, quick build on a slice of the real titles: the same code path as the reference model.
const workDir = mkdtempSync(path.join(tmpdir(), 'reference-build-'));
const sampleCsv = path.join(workDir, 'sample.csv');
const out = path.join(workDir, 'model');
const quick = {
  version: 'v9',
  seed: 1,
  command: 'test build',
  hyperParameters: { vocabSize: 3000, dimension: 16, epochs: 3 },
};
let result: BuildResult;

beforeAll(async () => {
  const lines = readFileSync(productsCsv, 'utf8').split('\n');
  // Every 10th row keeps all ten categories in a small file.
  writeFileSync(sampleCsv, [lines[0], ...lines.slice(1).filter((_, i) => i % 10 === 0)].join('\n'));
  result = await buildReferenceModel({ data: sampleCsv, out, ...quick });
}, 60_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('reference model build', () => {
  it('writes the four files, with labels and the data hash in model.json', () => {
    const card = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(card).toMatchObject({ name: 'category-classifier', version: 'v9', opset: 17 });
    expect(JSON.parse(readFileSync(path.join(out, 'labels.json'), 'utf8'))).toHaveLength(10);
    expect(result.card.training.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.card.evaluation.split).toBe('cluster_id');
    expect(result.card.evaluation.heldOutExamples).toBeGreaterThan(0);
    const { calibration, abstention } = result.card.evaluation;
    expect(calibration.temperature).toBeGreaterThan(0);
    expect(calibration.calibrationExamples).toBeGreaterThan(0);
    expect(calibration.reliability.reduce((sum, bin) => sum + bin.count, 0)).toBe(
      result.card.evaluation.heldOutExamples,
    );
    expect(abstention[0]).toEqual({ threshold: 0, coverage: 1, accuracy: result.card.evaluation.accuracy });
    expect(result.card.builderRevision).toBe(BUILDER_REVISION);
  });

  it('gives byte-identical model.onnx and tokenizer.json when built again with the same seed', async () => {
    const again = path.join(workDir, 'again');
    await buildReferenceModel({ data: sampleCsv, out: again, ...quick });
    for (const file of ['model.onnx', 'tokenizer.json', 'labels.json']) {
      expect(readFileSync(path.join(again, file)).equals(readFileSync(path.join(out, file)))).toBe(true);
    }
    // model.json differs only in when it was built.
    const card = (dir: string) => {
      const { lineage, ...rest } = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
        lineage: { builtAt: string };
      };
      return { ...rest, lineage: { ...lineage, builtAt: undefined } };
    };
    expect(card(again)).toEqual(card(out));
  }, 60_000);

  it('records its lineage: the command, the commit, when, and the sha256 of the files the server loads', () => {
    const { lineage } = result.card;
    expect(lineage.command).toBe('test build');
    expect(lineage.commit).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
    expect(Date.parse(lineage.builtAt)).not.toBeNaN();
    expect(lineage.sha256['model.onnx']).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(out, 'model.onnx')))
        .digest('hex'),
    );
    expect(Object.keys(lineage.sha256)).toEqual(['model.onnx', 'tokenizer.json', 'labels.json']);
  });

  it('exports a graph whose onnxruntime output equals the trainer’s forward pass, padding included', async () => {
    const tokenizer = Tokenizer.fromFile(path.join(out, 'tokenizer.json'));
    const titles = ['apple iphone 8 plus 64gb silver', 'bosch serie 4 dishwasher', 'intel core i7'];
    const encodings = await tokenizer.encodeBatch(titles);
    const length = Math.max(...encodings.map((encoding) => encoding.getLength()));
    // onnxruntime-node, in the worker thread the server uses, as one run: shorter rows padded.
    const model = await OnnxModel.load(path.join(out, 'model.onnx'), {
      executionProvider: 'cpu',
      threads: 1,
      maxSequenceLength: length,
      runOverheadTokens: Number.POSITIVE_INFINITY,
    });
    const logits = await model.runSequences(
      encodings.map((encoding) => ({
        inputIds: encoding.getIds(),
        attentionMask: encoding.getAttentionMask(),
        tokenTypeIds: encoding.getTypeIds(),
      })),
      'logits',
    );
    expect(logits.runs).toBe(1);
    await model.close();
    expect(logits.dims).toEqual([titles.length, 10]);
    const data = logits.data;
    encodings.forEach((encoding, row) => {
      const expected = forward(result.params, encoding.getIds(), encoding.getAttentionMask());
      expected.forEach((value, c) => expect(data[row * 10 + c]).toBeCloseTo(value, 4));
    });
  });
});
