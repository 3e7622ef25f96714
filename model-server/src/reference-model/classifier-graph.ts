import { OnnxDataType, type OnnxModel } from '../onnx-export/onnx-graph';
import type { ClassifierParameters } from './classifier';

export const OPSET_VERSION = 17;

/**
 * The classifier as an ONNX graph with a BERT classifier's interface:
 * `input_ids`, `attention_mask` (int64 [batch, sequence]) -> `logits` (float32 [batch, classes]).
 * Gather embeddings, zero the padded positions, sum over the sequence, divide by the token count
 * (at least 1, so an all-padding row gives zeros rather than NaN), then Gemm.
 */
export function classifierGraph(params: ClassifierParameters, metadata: Record<string, string>): OnnxModel {
  return {
    graphName: 'mean_pool_classifier',
    opsetVersion: OPSET_VERSION,
    producerName: 'category-match-model-server',
    producerVersion: '1',
    inputs: [
      { name: 'input_ids', elementType: OnnxDataType.INT64, shape: ['batch', 'sequence'] },
      { name: 'attention_mask', elementType: OnnxDataType.INT64, shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'logits', elementType: OnnxDataType.FLOAT, shape: ['batch', params.classes] }],
    initializers: [
      { name: 'embedding', dims: [params.vocabSize, params.dimension], data: params.embedding },
      { name: 'classifier_weight', dims: [params.dimension, params.classes], data: params.weight },
      { name: 'classifier_bias', dims: [params.classes], data: params.bias },
      { name: 'axis_sequence', dims: [1], data: BigInt64Array.from([1n]) },
      { name: 'axis_feature', dims: [1], data: BigInt64Array.from([2n]) },
      { name: 'one', dims: [1], data: Float32Array.from([1]) },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['embedding', 'input_ids'], outputs: ['token_embeddings'], attributes: { axis: 0 } },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: OnnxDataType.FLOAT } },
      { opType: 'Unsqueeze', inputs: ['mask', 'axis_feature'], outputs: ['mask_3d'] },
      { opType: 'Mul', inputs: ['token_embeddings', 'mask_3d'], outputs: ['masked_embeddings'] },
      {
        opType: 'ReduceSum',
        inputs: ['masked_embeddings', 'axis_sequence'],
        outputs: ['summed'],
        attributes: { keepdims: 0 },
      },
      { opType: 'ReduceSum', inputs: ['mask', 'axis_sequence'], outputs: ['token_count'], attributes: { keepdims: 1 } },
      { opType: 'Max', inputs: ['token_count', 'one'], outputs: ['divisor'] },
      { opType: 'Div', inputs: ['summed', 'divisor'], outputs: ['pooled'] },
      { opType: 'Gemm', inputs: ['pooled', 'classifier_weight', 'classifier_bias'], outputs: ['logits'] },
    ],
    metadata,
  };
}
