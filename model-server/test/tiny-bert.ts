import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer, bertProcessing } from 'tokenizers';
import { OnnxDataType, encodeOnnxModel, type OnnxModel } from '../src/onnx-export/onnx-graph';

export const TINY_LABELS = ['RED', 'GREEN', 'BLUE'];
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'red', 'green', 'blue'];
const DIM = 3;

/**
 * A BERT-shaped classifier unlike the reference model: three inputs (token_type_ids too, listed
 * first), word plus token-type embeddings, a hidden ReLU layer, labels only in a Hugging Face
 * config.json `id2label`, no labels.json or model.json. "red"/"green"/"blue" pick their label;
 * token type 1 pushes every row to BLUE.
 */
function tinyGraph(): OnnxModel {
  const wordEmbedding = new Float32Array(VOCAB.length * DIM);
  ['red', 'green', 'blue'].forEach((word, label) => (wordEmbedding[VOCAB.indexOf(word) * DIM + label] = 9));
  const typeEmbedding = Float32Array.from([0, 0, 0, 0, 0, 100]);
  const identity = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  return {
    graphName: 'tiny_bert',
    opsetVersion: 17,
    producerName: 'model-server-tests',
    producerVersion: '1',
    inputs: ['token_type_ids', 'input_ids', 'attention_mask'].map((name) => ({
      name,
      elementType: OnnxDataType.INT64,
      shape: ['batch', 'sequence'],
    })),
    outputs: [{ name: 'logits', elementType: OnnxDataType.FLOAT, shape: ['batch', TINY_LABELS.length] }],
    initializers: [
      { name: 'word_embedding', dims: [VOCAB.length, DIM], data: wordEmbedding },
      { name: 'type_embedding', dims: [2, DIM], data: typeEmbedding },
      { name: 'hidden_weight', dims: [DIM, DIM], data: identity },
      { name: 'hidden_bias', dims: [DIM], data: new Float32Array(DIM) },
      { name: 'output_weight', dims: [DIM, TINY_LABELS.length], data: identity },
      { name: 'output_bias', dims: [TINY_LABELS.length], data: new Float32Array(TINY_LABELS.length) },
      { name: 'axis_1', dims: [1], data: BigInt64Array.from([1n]) },
      { name: 'axis_2', dims: [1], data: BigInt64Array.from([2n]) },
      { name: 'one', dims: [1], data: Float32Array.from([1]) },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['word_embedding', 'input_ids'], outputs: ['words'], attributes: { axis: 0 } },
      { opType: 'Gather', inputs: ['type_embedding', 'token_type_ids'], outputs: ['types'], attributes: { axis: 0 } },
      { opType: 'Add', inputs: ['words', 'types'], outputs: ['embeddings'] },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: OnnxDataType.FLOAT } },
      { opType: 'Unsqueeze', inputs: ['mask', 'axis_2'], outputs: ['mask_3d'] },
      { opType: 'Mul', inputs: ['embeddings', 'mask_3d'], outputs: ['masked'] },
      { opType: 'ReduceSum', inputs: ['masked', 'axis_1'], outputs: ['summed'], attributes: { keepdims: 0 } },
      { opType: 'ReduceSum', inputs: ['mask', 'axis_1'], outputs: ['count'], attributes: { keepdims: 1 } },
      { opType: 'Max', inputs: ['count', 'one'], outputs: ['divisor'] },
      { opType: 'Div', inputs: ['summed', 'divisor'], outputs: ['pooled'] },
      { opType: 'Gemm', inputs: ['pooled', 'hidden_weight', 'hidden_bias'], outputs: ['hidden'] },
      { opType: 'Relu', inputs: ['hidden'], outputs: ['activated'] },
      { opType: 'Gemm', inputs: ['activated', 'output_weight', 'output_bias'], outputs: ['logits'] },
    ],
  };
}

/** Writes the tiny model's directory: model.onnx, tokenizer.json and config.json. */
export function writeTinyBertModel(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.onnx'), encodeOnnxModel(tinyGraph()));
  const tokenizer = new Tokenizer(
    WordPiece.init(Object.fromEntries(VOCAB.map((token, id) => [token, id])), { unkToken: '[UNK]' }),
  );
  tokenizer.setNormalizer(bertNormalizer({ lowercase: true }));
  tokenizer.setPreTokenizer(bertPreTokenizer());
  tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]']);
  tokenizer.setPostProcessor(bertProcessing(['[SEP]', 3], ['[CLS]', 2]));
  tokenizer.save(path.join(dir, 'tokenizer.json'));
  const config = {
    architectures: ['BertForSequenceClassification'],
    id2label: Object.fromEntries(TINY_LABELS.map((label, id) => [String(id), label])),
    max_position_embeddings: 16,
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return dir;
}
