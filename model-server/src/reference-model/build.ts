import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tokenizer } from 'tokenizers';
import { encodeOnnxModel } from '../onnx-export/onnx-graph';
import { argmax, forward, trainClassifier, type ClassifierParameters } from './classifier';
import { OPSET_VERSION, classifierGraph } from './classifier-graph';
import { loadDataset, splitByCluster } from './dataset';
import { trainWordPieceTokenizer } from './train-tokenizer';
import { writeModelDirectory } from './write-model-directory';

export const MODEL_NAME = 'category-classifier';

export interface BuildOptions {
  data: string;
  out: string;
  version: string;
  seed: number;
  /** Overrides for quick builds in tests; the reference model uses the defaults. */
  hyperParameters?: Partial<HyperParameters>;
}

/** Hyper-parameters; fixed so that a seed alone decides the model. */
export const HYPER_PARAMETERS = {
  vocabSize: 16000,
  dimension: 64,
  epochs: 12,
  learningRate: 0.5,
  maxSequenceLength: 64,
  heldOutFraction: 0.2,
} as const;
export type HyperParameters = { [K in keyof typeof HYPER_PARAMETERS]: number };

export interface ModelCard {
  name: string;
  version: string;
  maxSequenceLength: number;
  labels: string[];
  inputs: string[];
  outputs: string[];
  opset: number;
  training: {
    data: string;
    sha256: string;
    seed: number;
    trainExamples: number;
    vocabSize: number;
    dimension: number;
    epochs: number;
    learningRate: number;
  };
  evaluation: { split: 'cluster_id'; heldOutFraction: number; heldOutExamples: number; accuracy: number };
}

export interface BuildResult {
  card: ModelCard;
  params: ClassifierParameters;
  seconds: number;
}

async function encodeTitles(tokenizer: Tokenizer, titles: string[], maxLength: number): Promise<number[][]> {
  const encodings = await tokenizer.encodeBatch(titles);
  return encodings.map((encoding) => {
    const ids = encoding.getIds();
    // Keep [CLS] … [SEP] shape when truncating: the last kept position becomes [SEP].
    return ids.length <= maxLength ? ids : [...ids.slice(0, maxLength - 1), ids[ids.length - 1] ?? 0];
  });
}

/** Trains the tokenizer and classifier, evaluates on held-out clusters, and writes the model directory atomically. */
export async function buildReferenceModel(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const hyper: HyperParameters = { ...HYPER_PARAMETERS, ...options.hyperParameters };
  const dataset = loadDataset(options.data);
  const { train, heldOut } = splitByCluster(dataset.products, hyper.heldOutFraction, options.seed);
  const tokenizer = trainWordPieceTokenizer(
    train.map((product) => product.title),
    hyper.vocabSize,
  );
  const labelIndex = new Map(dataset.labels.map((label, index) => [label, index]));
  const trainIds = await encodeTitles(
    tokenizer,
    train.map((product) => product.title),
    hyper.maxSequenceLength,
  );
  const params = trainClassifier(
    trainIds.map((ids, index) => ({ ids, label: labelIndex.get(train[index]?.category ?? '') ?? 0 })),
    tokenizer.getVocabSize(true),
    dataset.labels.length,
    { ...hyper, seed: options.seed },
  );
  const heldOutIds = await encodeTitles(
    tokenizer,
    heldOut.map((product) => product.title),
    hyper.maxSequenceLength,
  );
  const correct = heldOutIds.filter((ids, index) => {
    const predicted = argmax(
      forward(
        params,
        ids,
        ids.map(() => 1),
      ),
    );
    return dataset.labels[predicted] === heldOut[index]?.category;
  }).length;

  const card: ModelCard = {
    name: MODEL_NAME,
    version: options.version,
    maxSequenceLength: hyper.maxSequenceLength,
    labels: dataset.labels,
    inputs: ['input_ids', 'attention_mask'],
    outputs: ['logits'],
    opset: OPSET_VERSION,
    training: {
      data: path.basename(options.data),
      sha256: dataset.sha256,
      seed: options.seed,
      trainExamples: train.length,
      vocabSize: params.vocabSize,
      dimension: params.dimension,
      epochs: hyper.epochs,
      learningRate: hyper.learningRate,
    },
    evaluation: {
      split: 'cluster_id',
      heldOutFraction: hyper.heldOutFraction,
      heldOutExamples: heldOut.length,
      accuracy: heldOut.length === 0 ? 0 : Number((correct / heldOut.length).toFixed(4)),
    },
  };
  const onnx = encodeOnnxModel(classifierGraph(params, { name: MODEL_NAME, version: options.version }));
  writeModelDirectory(options.out, (staging) => {
    writeFileSync(path.join(staging, 'model.onnx'), onnx);
    tokenizer.save(path.join(staging, 'tokenizer.json'));
    writeFileSync(path.join(staging, 'labels.json'), `${JSON.stringify(dataset.labels, null, 2)}\n`);
    writeFileSync(path.join(staging, 'model.json'), `${JSON.stringify(card, null, 2)}\n`);
  });
  return { card, params, seconds: (performance.now() - started) / 1000 };
}
