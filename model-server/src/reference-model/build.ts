import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tokenizer } from 'tokenizers';
import { encodeOnnxModel } from '../onnx-export/onnx-graph';
import {
  abstentionTradeOff,
  fitTemperature,
  predictionsOf,
  reliability,
  type AbstentionPoint,
  type LabelledLogits,
  type ReliabilityBin,
} from './calibration';
import { forward, trainClassifier, type ClassifierParameters } from './classifier';
import { lineageOf, type Lineage } from './lineage';
import { OPSET_VERSION, classifierGraph } from './classifier-graph';
import { loadDataset, splitForModel, type Product } from './dataset';
import { trainWordPieceTokenizer } from './train-tokenizer';
import { writeModelDirectory } from './write-model-directory';

export const MODEL_NAME = 'category-classifier';
/**
 * Changes whenever the builder would write a different model directory from the same data and seed; a cached model
 * of another revision is built again. 2: scores calibrated by temperature scaling; 3: lineage in model.json.
 */
export const BUILDER_REVISION = 3;
/** Abstention thresholds whose coverage and accuracy model.json reports. */
const ABSTENTION_THRESHOLDS = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

export interface BuildOptions {
  data: string;
  out: string;
  version: string;
  seed: number;
  /** The command that asked for the build, recorded in model.json. */
  command?: string;
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
  builderRevision: number;
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
  /**
   * The held-out clusters (never trained on) are halved by cluster: one half fits the temperature, the other is
   * where accuracy, calibration error and the abstention trade-off are measured.
   */
  evaluation: {
    split: 'cluster_id';
    heldOutFraction: number;
    heldOutExamples: number;
    accuracy: number;
    calibration: {
      method: 'temperature scaling';
      temperature: number;
      calibrationExamples: number;
      /** Expected calibration error over 10 equal-width confidence bins, before and after scaling. */
      eceBeforeScaling: number;
      ece: number;
      reliability: ReliabilityBin[];
    };
    /** Share of titles classified (score at or above the threshold) and their accuracy. */
    abstention: AbstentionPoint[];
  };
  /** Who and what built it, when, and the sha256 of model.onnx and tokenizer.json. */
  lineage: Lineage;
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
  const {
    train,
    calibration: calibrationSet,
    evaluation: evaluationSet,
  } = splitForModel(dataset.products, hyper.heldOutFraction, options.seed);
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
  // Half of the held-out clusters fit the temperature; the other half measures the calibrated model. Titles are
  // tokenized once; the logits are computed again after scaling, from the weights the graph exports.
  const encodeLabelled = async (products: Product[]) =>
    (
      await encodeTitles(
        tokenizer,
        products.map((product) => product.title),
        hyper.maxSequenceLength,
      )
    ).map((ids, index) => ({ ids, label: labelIndex.get(products[index]?.category ?? '') ?? -1 }));
  const logitsOf = (examples: readonly { ids: number[]; label: number }[]): LabelledLogits[] =>
    examples.map(({ ids, label }) => ({
      logits: forward(
        params,
        ids,
        ids.map(() => 1),
      ),
      label,
    }));
  const evaluationExamples = await encodeLabelled(evaluationSet);
  const temperature = fitTemperature(logitsOf(await encodeLabelled(calibrationSet)));
  const before = reliability(predictionsOf(logitsOf(evaluationExamples)));
  // The temperature goes into the output layer, so the exported logits are the calibrated ones.
  for (let index = 0; index < params.weight.length; index++)
    params.weight[index] = (params.weight[index] ?? 0) / temperature;
  for (let index = 0; index < params.bias.length; index++) params.bias[index] = (params.bias[index] ?? 0) / temperature;
  const calibrated = predictionsOf(logitsOf(evaluationExamples));
  const after = reliability(calibrated);
  const correct = calibrated.filter((prediction) => prediction.correct).length;

  const card: Omit<ModelCard, 'lineage'> = {
    name: MODEL_NAME,
    version: options.version,
    builderRevision: BUILDER_REVISION,
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
      heldOutExamples: evaluationSet.length,
      accuracy: evaluationSet.length === 0 ? 0 : Number((correct / evaluationSet.length).toFixed(4)),
      calibration: {
        method: 'temperature scaling',
        temperature: Number(temperature.toFixed(4)),
        calibrationExamples: calibrationSet.length,
        eceBeforeScaling: before.ece,
        ece: after.ece,
        reliability: after.bins,
      },
      abstention: abstentionTradeOff(calibrated, ABSTENTION_THRESHOLDS),
    },
  };
  const onnx = encodeOnnxModel(classifierGraph(params, { name: MODEL_NAME, version: options.version }));
  let written: ModelCard | undefined;
  writeModelDirectory(options.out, (staging) => {
    writeFileSync(path.join(staging, 'model.onnx'), onnx);
    tokenizer.save(path.join(staging, 'tokenizer.json'));
    writeFileSync(path.join(staging, 'labels.json'), `${JSON.stringify(dataset.labels, null, 2)}\n`);
    const lineage = lineageOf(
      staging,
      ['model.onnx', 'tokenizer.json', 'labels.json'],
      options.command ?? 'buildReferenceModel',
      __dirname,
      new Date(),
    );
    written = { ...card, lineage };
    writeFileSync(path.join(staging, 'model.json'), `${JSON.stringify(written, null, 2)}\n`);
  });
  if (written === undefined) throw new Error('the model directory was not written');
  return { card: written, params, seconds: (performance.now() - started) / 1000 };
}
