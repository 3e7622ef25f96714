import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningServer } from '../src/server';
import { TextTokenizer } from '../src/tokenizer';
import { postJson, startTestServer } from './servers';

// What researchers hand over (made by fixtures/make_*_fixture.py, committed): a classifier exported to ONNX, its
// tokenizer.json, config.json with id2label, and the logits their framework itself computed.
const fixtures = [
  { framework: 'PyTorch (transformers BERT, torch.onnx)', dir: 'pytorch-bert-tiny', tokenTypes: true },
  { framework: 'TensorFlow (Keras, tf2onnx)', dir: 'tensorflow-keras-tiny', tokenTypes: false },
] as const;

interface Expected {
  titles: string[];
  input_ids: number[][];
  logits: number[][];
  labels: string[];
}
const tolerance = 1e-4;
const infer = (server: RunningServer) => `${server.url}/v2/models/category-classifier/infer`;
const running: RunningServer[] = [];
const start = async (...args: Parameters<typeof startTestServer>) => {
  const server = await startTestServer(...args);
  running.push(server);
  return server;
};

afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
});

function softmaxTop(logits: readonly number[]): number {
  const max = Math.max(...logits);
  return 1 / logits.reduce((sum, value) => sum + Math.exp(value - max), 0);
}

/** The predictor's tensors for token ids, padded to the longest row; token_type_ids for models that take it. */
function tokenTensors(rows: readonly (readonly number[])[], tokenTypes: boolean) {
  const width = Math.max(...rows.map((row) => row.length));
  const pad = (row: readonly number[], fill: (index: number) => number) =>
    Array.from({ length: width }, (_, index) => (index < row.length ? fill(index) : 0));
  const shape = [rows.length, width];
  return [
    { name: 'input_ids', datatype: 'INT64', shape, data: rows.flatMap((row) => pad(row, (index) => row[index] ?? 0)) },
    { name: 'attention_mask', datatype: 'INT64', shape, data: rows.flatMap((row) => pad(row, () => 1)) },
    ...(tokenTypes
      ? [{ name: 'token_type_ids', datatype: 'INT64', shape, data: rows.flatMap((row) => pad(row, () => 0)) }]
      : []),
  ];
}

function expectLabelsAndScores(body: unknown, expected: Expected): void {
  const outputs = (body as { outputs: { name: string; data: (string | number)[] }[] }).outputs;
  expect(outputs.find((output) => output.name === 'label')?.data).toEqual(expected.labels);
  const scores = outputs.find((output) => output.name === 'score')?.data ?? [];
  expected.logits.forEach((logits, index) =>
    expect(Math.abs(Number(scores[index]) - softmaxTop(logits))).toBeLessThan(tolerance),
  );
}

describe.each(fixtures)('a $framework model, served as it was handed over', ({ dir, tokenTypes }) => {
  const modelDir = path.resolve(__dirname, '..', 'fixtures', dir);
  const expected = JSON.parse(readFileSync(path.join(modelDir, 'expected.json'), 'utf8')) as Expected;

  it('tokenizes every title exactly as the tokenizer in Python did, truncation included', async () => {
    const tokenizer = TextTokenizer.load(path.join(modelDir, 'tokenizer.json'), 64);
    const sequences = await tokenizer.encode(expected.titles);
    expect(sequences.map((sequence) => sequence.inputIds)).toEqual(expected.input_ids);
  });

  it("as a predictor gives the framework's logits within 1e-4, batched with padding and one title at a time", async () => {
    const predictor = await start({ modelDir, role: 'predictor' });
    const batched = await postJson(infer(predictor), { inputs: tokenTensors(expected.input_ids, tokenTypes) });
    expect(batched.status).toBe(200);
    const data = (batched.body as { outputs: { data: number[] }[] }).outputs[0]?.data ?? [];
    const width = expected.logits[0]?.length ?? 0;
    expected.logits.forEach((row, title) =>
      row.forEach((value, index) =>
        expect(Math.abs((data[title * width + index] ?? Number.NaN) - value)).toBeLessThan(tolerance),
      ),
    );
    const [first] = expected.input_ids;
    const alone = await postJson(infer(predictor), { inputs: tokenTensors([first ?? []], tokenTypes) });
    const aloneData = (alone.body as { outputs: { data: number[] }[] }).outputs[0]?.data ?? [];
    expected.logits[0]?.forEach((value, index) =>
      expect(Math.abs((aloneData[index] ?? Number.NaN) - value)).toBeLessThan(tolerance),
    );
  }, 60_000);

  it('labels the titles as the framework did, with its scores, in one process and through a transformer', async () => {
    const request = {
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [expected.titles.length], data: expected.titles }],
    };
    const all = await start({ modelDir, role: 'all' });
    const inOneProcess = await postJson(infer(all), request);
    expect(inOneProcess.status).toBe(200);
    expectLabelsAndScores(inOneProcess.body, expected);

    const predictor = await start({ modelDir, role: 'predictor' });
    const transformer = await start({ modelDir, role: 'transformer', predictorHost: new URL(predictor.url).host });
    const split = await postJson(infer(transformer), request);
    expect(split.status).toBe(200);
    expectLabelsAndScores(split.body, expected);
  }, 60_000);
});
