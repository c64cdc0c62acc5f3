/**
 * The parts of the ONNX toolkit that need no protobuf code: the enum values of onnx.proto and the float-attribute
 * marker. The layers' ONNX facets import these (builder.ts re-exports them), so analysing a graph never loads
 * onnx-proto, whose generated code takes a third of Node's own start-up to load, or all of it on a busy machine;
 * `convas summary` stays fast.
 * tests/onnx-values.test.ts checks the numbers against onnx-proto's.
 */

/** onnx.proto, `message TensorProto { enum DataType }` (ONNX 1.10). */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

/** onnx.proto, `message AttributeProto { enum AttributeType }`. */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  SPARSE_TENSOR: 11,
  TYPE_PROTO: 13,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSORS: 12,
  TYPE_PROTOS: 14,
} as const;

/** A data type's name (`FLOAT`, `INT64`, …), for messages. */
export function dataTypeName(t: number): string {
  return Object.entries(DataType).find(([, v]) => v === t)?.[0] ?? `type ${t}`;
}

/** Forces FLOAT / FLOATS for a value JavaScript would otherwise write as an integer. */
export class FloatAttr {
  constructor(readonly value: number | number[]) {}
}
export const float = (value: number | number[]) => new FloatAttr(value);
