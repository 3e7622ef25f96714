import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeOnnxModel } from '../src/onnx-export/onnx-graph';
import { ensureModelDirectory, repoRoot } from '../src/reference-model/cached';
import { BERT_MINI, bertEncoderGraph } from './bert-encoder-graph';

const SEED = 7;

/**
 * Writes a model directory that serves the reference model's tokenizer and labels through a
 * BERT-mini-sized encoder with random weights.
 */
export function writeBertMiniModel(referenceDir: string, out: string): void {
  const card = JSON.parse(readFileSync(path.join(referenceDir, 'model.json'), 'utf8')) as {
    labels: string[];
    maxSequenceLength: number;
  };
  const tokenizer = JSON.parse(readFileSync(path.join(referenceDir, 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
  };
  const shape = {
    ...BERT_MINI,
    vocabSize: Object.keys(tokenizer.model.vocab).length,
    maxPositions: card.maxSequenceLength,
    classes: card.labels.length,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'model.onnx'), encodeOnnxModel(bertEncoderGraph(shape, SEED)));
  copyFileSync(path.join(referenceDir, 'tokenizer.json'), path.join(out, 'tokenizer.json'));
  copyFileSync(path.join(referenceDir, 'labels.json'), path.join(out, 'labels.json'));
  const note = 'BERT-mini-sized encoder with random weights, for benchmarking only: its labels mean nothing';
  const modelCard = { name: 'category-classifier', version: 'bert-mini-random', note, seed: SEED, ...shape };
  writeFileSync(path.join(out, 'model.json'), JSON.stringify(modelCard, null, 2));
}

/**
 * The BERT-mini model in `<repo>/.cache/models/bert-mini-random/v1`, built once. Its answers mean
 * nothing; a run costs what a real BERT-mini's does, which is what the benchmark needs from it.
 */
export function ensureBertMiniModel(referenceDir: string): Promise<string> {
  const dir = path.join(repoRoot, '.cache', 'models', 'bert-mini-random', 'v1');
  return ensureModelDirectory(dir, (out) => Promise.resolve(writeBertMiniModel(referenceDir, out)));
}
