import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeTinyBertModel } from '../test/tiny-bert';
import { loadModelDirectory, type LoadOptions } from './model-repository';

const workDir = mkdtempSync(path.join(tmpdir(), 'repository-'));
const good = writeTinyBertModel(path.join(workDir, 'good'));
const options: LoadOptions = { name: 'colours', role: 'all', executionProvider: 'cpu', threads: 1 };

function variant(name: string, change: (dir: string) => void): string {
  const dir = path.join(workDir, name);
  cpSync(good, dir, { recursive: true });
  change(dir);
  return dir;
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('loadModelDirectory', () => {
  it('fails naming a directory that does not exist', async () => {
    await expect(loadModelDirectory(path.join(workDir, 'nope'), options)).rejects.toThrow(/nope does not exist/);
  });

  it('fails naming model.onnx when it is missing in the predictor role', async () => {
    const dir = variant('no-onnx', (d) => rmSync(path.join(d, 'model.onnx')));
    await expect(loadModelDirectory(dir, { ...options, role: 'predictor' })).rejects.toThrow(/model\.onnx is missing/);
  });

  it('fails naming tokenizer.json when it is missing in the transformer role', async () => {
    const dir = variant('no-tokenizer', (d) => rmSync(path.join(d, 'tokenizer.json')));
    await expect(loadModelDirectory(dir, { ...options, role: 'transformer' })).rejects.toThrow(
      /tokenizer\.json is missing/,
    );
  });

  it('fails naming a corrupt tokenizer.json', async () => {
    const dir = variant('bad-tokenizer', (d) => writeFileSync(path.join(d, 'tokenizer.json'), '{"model": 3}'));
    await expect(loadModelDirectory(dir, options)).rejects.toThrow(/tokenizer\.json is not a valid tokenizer\.json/);
  });

  it('fails naming labels.json when it is not a list of strings', async () => {
    const dir = variant('bad-labels', (d) => writeFileSync(path.join(d, 'labels.json'), '{"0": "RED"}'));
    await expect(loadModelDirectory(dir, options)).rejects.toThrow(/labels\.json is invalid/);
  });

  it('fails when the labels do not match the model’s classes', async () => {
    const dir = variant('few-labels', (d) => writeFileSync(path.join(d, 'labels.json'), '["RED", "GREEN"]'));
    await expect(loadModelDirectory(dir, options)).rejects.toThrow(
      /model\.onnx has 3 classes but its labels \(labels\.json, model\.json or config\.json\) list 2/,
    );
  });

  it('fails naming a model.onnx that is not an ONNX model', async () => {
    const dir = variant('bad-onnx', (d) => writeFileSync(path.join(d, 'model.onnx'), 'not a model'));
    await expect(loadModelDirectory(dir, options)).rejects.toThrow(/model\.onnx could not be loaded/);
  });

  it('takes labels from config.json id2label and the length limit from max_position_embeddings', async () => {
    const model = await loadModelDirectory(good, options);
    await model.onnx?.close();
    expect(model.labels).toEqual(['RED', 'GREEN', 'BLUE']);
    expect(model.maxSequenceLength).toBe(16);
    expect(model.version).toBe('1');
  });
});
