/**
 * A small ONNX writer and reader in the style of onnx/helper.py (make_node, make_graph, make_model, make_tensor,
 * make_tensor_value_info). The wire format is onnx-proto's (protobufjs generated from onnx.proto, ONNX 1.10,
 * IR 8); nothing here hand-writes protobuf.
 *
 * General purpose on purpose: export.ts builds inference graphs with it, and a training step compiled to ONNX can
 * use the same calls. Typical use:
 *
 *   const w = makeTensor('c1.W', DataType.FLOAT, [6, 1, 5, 5], weights);
 *   const conv = makeNode('Conv', ['input', 'c1.W'], ['c1'], 'c1', { pads: [2, 2, 2, 2], strides: [1, 1] });
 *   const graph = makeGraph([conv], 'net', [makeTensorValueInfo('input', DataType.FLOAT, ['batch', 1, 28, 28])],
 *     [makeTensorValueInfo('c1', DataType.FLOAT, ['batch', 6, 28, 28])], [w]);
 *   const bytes = encodeModel(makeModel(graph, { metadata: { author: 'me' } }));
 *
 * Attribute types follow helper.make_attribute: an integer number is INT, a non-integer FLOAT, number[] INTS
 * (FLOATS if any element is fractional), string STRING, string[] STRINGS, a TensorProto TENSOR, a GraphProto
 * GRAPH. JavaScript cannot tell 1 from 1.0, so wrap a float that may be whole in `float(…)` (e.g. `alpha:
 * float(1)`), or a list in `float([…])`. Attributes are written sorted by name, so the same graph always encodes
 * to the same bytes.
 */
import onnxProto from 'onnx-proto';
import { sizeOf } from '../kernels/scratch.js';
import { encodeUtf8 } from './utf8.js';
import { AttributeType, DataType, FloatAttr } from './values.js';

export * from './read.js';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** The one opset Convas writes, and the IR version that goes with it (onnx/helper.py VERSION_TABLE: 1.12). */
export const OPSET = 17;
export const IR_VERSION = 8;

export { AttributeType, DataType, FloatAttr, float } from './values.js';

export type AttrValue = number | number[] | string | string[] | FloatAttr | TensorProto | GraphProto;
export type Attrs = Record<string, AttrValue | undefined>;

/** helper.make_attribute. */
export function makeAttribute(name: string, value: AttrValue): AttributeProto {
  const T = AttributeType;
  if (value instanceof FloatAttr) {
    return Array.isArray(value.value)
      ? { name, type: T.FLOATS, floats: value.value }
      : { name, type: T.FLOAT, f: value.value };
  }
  if (typeof value === 'number')
    return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: encodeUtf8(value) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string'))
      return { name, type: T.STRINGS, strings: (value as string[]).map(encodeUtf8) };
    const nums = value as number[];
    return nums.every(Number.isInteger) ? { name, type: T.INTS, ints: nums } : { name, type: T.FLOATS, floats: nums };
  }
  if ('node' in value || 'initializer' in value) return { name, type: T.GRAPH, g: value as GraphProto };
  return { name, type: T.TENSOR, t: value as TensorProto };
}

/** helper.make_node. Undefined attributes are left out; the rest are sorted by name. */
export function makeNode(
  opType: string,
  inputs: string[],
  outputs: string[],
  name?: string,
  attrs: Attrs = {},
  options: { domain?: string; docString?: string } = {},
): NodeProto {
  const attribute = Object.keys(attrs)
    .sort()
    .filter((k) => attrs[k] !== undefined)
    .map((k) => makeAttribute(k, attrs[k] as AttrValue));
  return {
    opType,
    input: inputs,
    output: outputs,
    name: name ?? '',
    attribute,
    domain: options.domain ?? '',
    docString: options.docString ?? '',
  };
}

export type TypedValues = Float32Array | Int32Array | BigInt64Array | Uint8Array | number[];

/**
 * helper.make_tensor with raw=True: values always go into raw_data as little-endian bytes (onnx.proto: "raw_data
 * … MUST be stored in little-endian order"), written through a DataView so the host's byte order cannot leak.
 */
export function makeTensor(name: string, dataType: number, dims: number[], values: TypedValues): TensorProto {
  const count = sizeOf(dims);
  if (values.length !== count)
    throw new Error(`tensor "${name}": ${values.length} values do not fill the shape [${dims.join(', ')}] (${count})`);
  let raw: Uint8Array;
  switch (dataType) {
    case DataType.FLOAT: {
      raw = new Uint8Array(count * 4);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) view.setFloat32(i * 4, Number(values[i]), true);
      break;
    }
    case DataType.INT32: {
      raw = new Uint8Array(count * 4);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) view.setInt32(i * 4, Number(values[i]), true);
      break;
    }
    case DataType.INT64: {
      raw = new Uint8Array(count * 8);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
      break;
    }
    case DataType.UINT8:
    case DataType.BOOL:
      raw = Uint8Array.from(values as ArrayLike<number>, (v) => Number(v));
      break;
    default:
      throw new Error(
        `tensor "${name}": makeTensor writes FLOAT, INT32, INT64, UINT8 and BOOL, not data type ${dataType}`,
      );
  }
  return { name, dataType, dims, rawData: raw };
}

export const floatTensor = (name: string, dims: number[], values: Float32Array | number[]) =>
  makeTensor(name, DataType.FLOAT, dims, values);
export const int64Tensor = (name: string, dims: number[], values: number[]) =>
  makeTensor(name, DataType.INT64, dims, values);

/** helper.make_tensor_value_info. A string dimension is symbolic (dim_param), null leaves it unknown. */
export function makeTensorValueInfo(
  name: string,
  elemType: number,
  shape: (number | string | null)[] | null,
): ValueInfoProto {
  const tensorType: onnxProto.onnx.TypeProto.ITensor = { elemType };
  if (shape)
    tensorType.shape = {
      dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})),
    };
  return { name, type: { tensorType } };
}

/** helper.make_graph. */
export function makeGraph(
  nodes: NodeProto[],
  name: string,
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
  initializers: TensorProto[] = [],
  options: { docString?: string; valueInfo?: ValueInfoProto[] } = {},
): GraphProto {
  return {
    node: nodes,
    name,
    input: inputs,
    output: outputs,
    initializer: initializers,
    docString: options.docString ?? '',
    valueInfo: options.valueInfo ?? [],
  };
}

export interface ModelOptions {
  opset?: number;
  irVersion?: number;
  /** Extra operator sets, e.g. { domain: 'com.microsoft', version: 1 }. */
  extraOpsets?: { domain: string; version: number }[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** metadata_props, written sorted by key. */
  metadata?: Record<string, string>;
}

/** helper.make_model with one default-domain opset (17 unless told) and its IR version. */
export function makeModel(graph: GraphProto, options: ModelOptions = {}): ModelProto {
  const metadata = options.metadata ?? {};
  return {
    irVersion: options.irVersion ?? IR_VERSION,
    opsetImport: [{ domain: '', version: options.opset ?? OPSET }, ...(options.extraOpsets ?? [])],
    producerName: options.producerName ?? '',
    producerVersion: options.producerVersion ?? '',
    docString: options.docString ?? '',
    graph,
    metadataProps: Object.keys(metadata)
      .sort()
      .map((key) => ({ key, value: metadata[key] })),
  };
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

/** Decodes model bytes; a file that is not ONNX gives one readable message. */
export function decodeModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`not an ONNX model: the protobuf could not be decoded (${(e as Error).message})`);
  }
  if (!model.graph) throw new Error('not an ONNX model: it has no graph');
  return model;
}
