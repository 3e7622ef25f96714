import { ProtobufWriter } from './protobuf-writer';

/** ONNX TensorProto.DataType values used here. */
export const OnnxDataType = { FLOAT: 1, INT64: 7 } as const;
export type OnnxElementType = (typeof OnnxDataType)[keyof typeof OnnxDataType];

/** A dimension is fixed (a number) or symbolic (a name such as `batch`). */
export type Dimension = number | string;

export interface ValueInfo {
  name: string;
  elementType: OnnxElementType;
  shape: Dimension[];
}

export type AttributeValue = number | number[] | { float: number } | { tensor: Initializer };

export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface GraphNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxModel {
  graphName: string;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Initializer[];
  nodes: GraphNode[];
  metadata?: Record<string, string>;
}

// Field numbers from onnx.proto (IR version 8 pairs with opset 17).
const IR_VERSION = 8;
const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, TENSOR: 4, INTS: 7 } as const;

function encodeTensor(tensor: Initializer): ProtobufWriter {
  const writer = new ProtobufWriter();
  for (const dim of tensor.dims) writer.varintField(1, dim);
  writer.varintField(2, tensor.data instanceof Float32Array ? OnnxDataType.FLOAT : OnnxDataType.INT64);
  writer.stringField(8, tensor.name);
  // raw_data is little-endian, which is how typed arrays are laid out on every supported platform.
  writer.bytesField(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  return writer;
}

function encodeValueInfo(info: ValueInfo): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const dim of info.shape) {
    const dimension = new ProtobufWriter();
    if (typeof dim === 'number') dimension.varintField(1, dim);
    else dimension.stringField(2, dim);
    shape.messageField(1, dimension);
  }
  const tensorType = new ProtobufWriter().varintField(1, info.elementType).messageField(2, shape);
  const type = new ProtobufWriter().messageField(1, tensorType);
  return new ProtobufWriter().stringField(1, info.name).messageField(2, type);
}

function encodeAttribute(name: string, value: AttributeValue): ProtobufWriter {
  const writer = new ProtobufWriter().stringField(1, name);
  if (typeof value === 'number') {
    writer.varintField(3, value).varintField(20, ATTRIBUTE_TYPE.INT);
  } else if (Array.isArray(value)) {
    for (const item of value) writer.varintField(8, item);
    writer.varintField(20, ATTRIBUTE_TYPE.INTS);
  } else if ('float' in value) {
    writer.floatField(2, value.float).varintField(20, ATTRIBUTE_TYPE.FLOAT);
  } else {
    writer.messageField(5, encodeTensor(value.tensor)).varintField(20, ATTRIBUTE_TYPE.TENSOR);
  }
  return writer;
}

function encodeNode(node: GraphNode, index: number): ProtobufWriter {
  const writer = new ProtobufWriter();
  for (const input of node.inputs) writer.stringField(1, input);
  for (const output of node.outputs) writer.stringField(2, output);
  writer.stringField(3, `${node.opType.toLowerCase()}_${index}`);
  writer.stringField(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {}))
    writer.messageField(5, encodeAttribute(name, value));
  return writer;
}

/** Serialises a model to the bytes of an `.onnx` file (an ONNX ModelProto). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const graph = new ProtobufWriter();
  model.nodes.forEach((node, index) => graph.messageField(1, encodeNode(node, index)));
  graph.stringField(2, model.graphName);
  for (const initializer of model.initializers) graph.messageField(5, encodeTensor(initializer));
  for (const input of model.inputs) graph.messageField(11, encodeValueInfo(input));
  for (const output of model.outputs) graph.messageField(12, encodeValueInfo(output));

  const writer = new ProtobufWriter()
    .varintField(1, IR_VERSION)
    .stringField(2, model.producerName)
    .stringField(3, model.producerVersion)
    .messageField(7, graph)
    .messageField(8, new ProtobufWriter().stringField(1, '').varintField(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writer.messageField(14, new ProtobufWriter().stringField(1, key).stringField(2, value));
  }
  return writer.finish();
}
