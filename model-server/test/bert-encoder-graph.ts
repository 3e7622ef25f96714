import { OnnxDataType, type GraphNode, type Initializer, type OnnxModel } from '../src/onnx-export/onnx-graph';
import { createPrng } from '../src/reference-model/prng';

/** The sizes of a BERT encoder; `bert-mini` is Google's `bert_uncased_L-4_H-256_A-4`. */
export interface BertEncoderShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  classes: number;
}

export const BERT_MINI = { layers: 4, hidden: 256, heads: 4, intermediate: 1024 } as const;

/**
 * A BertForSequenceClassification graph as the Hugging Face ONNX export lays it out (word,
 * position and token-type embeddings, post-LayerNorm encoder layers with additive attention
 * masking and erf GELU, tanh pooler on [CLS], linear classifier), with seeded random weights.
 * It classifies nothing: it gives the benchmark a model whose run costs what a real BERT's does.
 */
export function bertEncoderGraph(shape: BertEncoderShape, seed: number): OnnxModel {
  if (shape.hidden % shape.heads !== 0) throw new Error('hidden must be a multiple of heads');
  const headSize = shape.hidden / shape.heads;
  const normal = normalSampler(seed);
  const initializers: Initializer[] = [];
  const nodes: GraphNode[] = [];
  const weight = (name: string, dims: number[]): string => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = 0.02 * normal();
    initializers.push({ name, dims, data });
    return name;
  };
  const constant = (name: string, dims: number[], data: Float32Array | BigInt64Array): string => {
    initializers.push({ name, dims, data });
    return name;
  };
  const node = (opType: string, inputs: string[], output: string, attributes?: GraphNode['attributes']): string => {
    nodes.push({ opType, inputs, outputs: [output], ...(attributes === undefined ? {} : { attributes }) });
    return output;
  };
  const layerNorm = (input: string, prefix: string): string =>
    node(
      'LayerNormalization',
      [
        input,
        constant(`${prefix}.gamma`, [shape.hidden], new Float32Array(shape.hidden).fill(1)),
        constant(`${prefix}.beta`, [shape.hidden], new Float32Array(shape.hidden)),
      ],
      `${prefix}.out`,
      { axis: -1, epsilon: { float: 1e-12 } },
    );
  const dense = (input: string, prefix: string, inSize: number, outSize: number): string =>
    node(
      'Add',
      [
        node('MatMul', [input, weight(`${prefix}.weight`, [inSize, outSize])], `${prefix}.matmul`),
        weight(`${prefix}.bias`, [outSize]),
      ],
      `${prefix}.out`,
    );

  const int64 = (values: number[]) => BigInt64Array.from(values.map(BigInt));
  const splitHeads = constant('split_heads_shape', [4], int64([0, 0, shape.heads, headSize]));
  const mergeHeads = constant('merge_heads_shape', [3], int64([0, 0, shape.hidden]));

  // Embeddings: positions 0..sequence-1 are a slice of the position table.
  const sequenceLength = node('Shape', ['input_ids'], 'sequence_length', { start: 1, end: 2 });
  const positions = node(
    'Slice',
    [
      weight('embeddings.position', [shape.maxPositions, shape.hidden]),
      constant('zero', [1], int64([0])),
      sequenceLength,
      constant('axis_0', [1], int64([0])),
    ],
    'position_embeddings',
  );
  const words = node(
    'Gather',
    [weight('embeddings.word', [shape.vocabSize, shape.hidden]), 'input_ids'],
    'word_embeddings',
    { axis: 0 },
  );
  const types = node(
    'Gather',
    [weight('embeddings.token_type', [2, shape.hidden]), 'token_type_ids'],
    'type_embeddings',
    {
      axis: 0,
    },
  );
  const summed = node('Add', [node('Add', [words, types], 'words_and_types'), positions], 'embeddings_sum');
  let hidden = layerNorm(summed, 'embeddings.norm');

  // Padded positions get -10000 added to every attention score, as BERT does.
  const mask = node('Cast', ['attention_mask'], 'mask_float', { to: OnnxDataType.FLOAT });
  const mask4d = node('Unsqueeze', [mask, constant('axes_1_2', [2], int64([1, 2]))], 'mask_4d');
  const attentionBias = node(
    'Mul',
    [
      node('Sub', [constant('one', [], Float32Array.of(1)), mask4d], 'mask_inverted'),
      constant('minus_10000', [], Float32Array.of(-10000)),
    ],
    'attention_bias',
  );
  const scale = constant('attention_scale', [], Float32Array.of(1 / Math.sqrt(headSize)));

  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `layer${layer}`;
    const heads = (name: string, perm: number[]) =>
      node(
        'Transpose',
        [
          node(
            'Reshape',
            [dense(hidden, `${p}.${name}`, shape.hidden, shape.hidden), splitHeads],
            `${p}.${name}.split`,
          ),
        ],
        `${p}.${name}.heads`,
        { perm },
      );
    const query = heads('query', [0, 2, 1, 3]);
    const keyT = heads('key', [0, 2, 3, 1]);
    const value = heads('value', [0, 2, 1, 3]);
    const scores = node(
      'Add',
      [node('Mul', [node('MatMul', [query, keyT], `${p}.scores_raw`), scale], `${p}.scores_scaled`), attentionBias],
      `${p}.scores`,
    );
    const probabilities = node('Softmax', [scores], `${p}.probabilities`, { axis: -1 });
    const context = node(
      'Reshape',
      [
        node('Transpose', [node('MatMul', [probabilities, value], `${p}.context_heads`)], `${p}.context_t`, {
          perm: [0, 2, 1, 3],
        }),
        mergeHeads,
      ],
      `${p}.context`,
    );
    const attended = layerNorm(
      node(
        'Add',
        [dense(context, `${p}.attention_output`, shape.hidden, shape.hidden), hidden],
        `${p}.attention_residual`,
      ),
      `${p}.attention_norm`,
    );
    const inner = dense(attended, `${p}.intermediate`, shape.hidden, shape.intermediate);
    const gelu = erfGelu(inner, `${p}.gelu`, node, constant);
    hidden = layerNorm(
      node('Add', [dense(gelu, `${p}.output`, shape.intermediate, shape.hidden), attended], `${p}.output_residual`),
      `${p}.output_norm`,
    );
  }

  const cls = node('Gather', [hidden, constant('first_token', [], int64([0]))], 'cls', { axis: 1 });
  const pooled = node('Tanh', [dense(cls, 'pooler', shape.hidden, shape.hidden)], 'pooled');
  nodes.push({
    opType: 'Gemm',
    inputs: [
      pooled,
      weight('classifier.weight', [shape.hidden, shape.classes]),
      weight('classifier.bias', [shape.classes]),
    ],
    outputs: ['logits'],
  });

  return {
    graphName: 'bert_encoder_classifier',
    opsetVersion: 17,
    producerName: 'category-match-model-server-tests',
    producerVersion: '1',
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
      name,
      elementType: OnnxDataType.INT64,
      shape: ['batch', 'sequence'],
    })),
    outputs: [{ name: 'logits', elementType: OnnxDataType.FLOAT, shape: ['batch', shape.classes] }],
    initializers,
    nodes,
  };
}

/** x · ½ · (1 + erf(x / √2)), the exact GELU BERT uses. */
function erfGelu(
  input: string,
  prefix: string,
  node: (opType: string, inputs: string[], output: string) => string,
  constant: (name: string, dims: number[], data: Float32Array) => string,
): string {
  const scaled = node(
    'Mul',
    [input, constant(`${prefix}.inv_sqrt2`, [], Float32Array.of(Math.SQRT1_2))],
    `${prefix}.scaled`,
  );
  const onePlusErf = node(
    'Add',
    [node('Erf', [scaled], `${prefix}.erf`), constant(`${prefix}.one`, [], Float32Array.of(1))],
    `${prefix}.one_plus_erf`,
  );
  const half = node('Mul', [input, constant(`${prefix}.half`, [], Float32Array.of(0.5))], `${prefix}.half_x`);
  return node('Mul', [half, onePlusErf], `${prefix}.out`);
}

/** Standard normal samples (Box-Muller) from the seeded generator. */
function normalSampler(seed: number): () => number {
  const random = createPrng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
