import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkModelDirectory } from './model-check';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'pytorch-bert-tiny');
const workDir = mkdtempSync(path.join(tmpdir(), 'model-check-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A copy of the fixture with only `files`, and `labels` as its labels.json when given. */
function handover(name: string, files: string[], labels?: string[]): string {
  const dir = path.join(workDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const file of files) copyFileSync(path.join(fixture, file), path.join(dir, file));
  if (labels !== undefined) writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels));
  return dir;
}

describe('model check', () => {
  it("prints a good directory's signature and its answers for the sample", async () => {
    const check = await checkModelDirectory(fixture, ['apple iphone 8 plus 64gb silver']);
    expect(check.ok).toBe(true);
    expect(check.lines).toEqual([
      `model directory ${fixture}`,
      expect.stringMatching(/^ {2}files: model\.onnx \(\d+ KiB\), tokenizer\.json, config\.json$/),
      '  inputs: input_ids, attention_mask, token_type_ids (int64 [batch, sequence])',
      '  output: logits [batch, 10]',
      expect.stringMatching(/^ {2}labels \(10\): CPUs, Digital Cameras, .*, Washing Machines$/),
      '  max sequence length: 64',
      '  sample:',
      expect.stringMatching(/^ {4}apple iphone 8 plus 64gb silver -> Mobile Phones 0\.\d{3} \(8 tokens\)$/),
      'OK: the model server can serve this directory (roles all, predictor and transformer).',
    ]);
  }, 30_000);

  it('says in plain words when the labels do not match the logits', async () => {
    const check = await checkModelDirectory(handover('two-labels', ['model.onnx', 'tokenizer.json'], ['A', 'B']));
    expect(check.ok).toBe(false);
    expect(check.lines.at(-1)).toMatch(/^PROBLEM: .*model\.onnx has 10 classes but its labels .* list 2$/);
  }, 30_000);

  it('names the missing tokenizer and the missing model', async () => {
    const noTokenizer = await checkModelDirectory(handover('no-tokenizer', ['model.onnx', 'config.json']));
    expect(noTokenizer.lines.at(-1)).toMatch(/^PROBLEM: .*tokenizer\.json is missing \(the all role tokenizes text\)$/);
    const noModel = await checkModelDirectory(handover('no-model', ['tokenizer.json', 'config.json']));
    expect(noModel.ok).toBe(false);
    expect(noModel.lines.at(-1)).toMatch(/^PROBLEM: .*model\.onnx is missing \(the all role runs the model\)$/);
  });
});
