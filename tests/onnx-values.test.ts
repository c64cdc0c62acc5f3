/** The ONNX enum values written out in src/engine/onnx/values.ts against onnx-proto's generated ones. */
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { AttributeType, DataType, dataTypeName } from '../src/engine/onnx/values.js';

const { onnx } = onnxProto;
/** A protobufjs enum object maps names to numbers and numbers back to names; keep the names. */
const named = (e: object) => Object.fromEntries(Object.entries(e).filter(([k]) => Number.isNaN(Number(k))));

describe('ONNX enum values', () => {
  it('equal onnx-proto: every data type and attribute type, no more, no fewer', () => {
    expect({ ...DataType }).toEqual(named(onnx.TensorProto.DataType));
    expect({ ...AttributeType }).toEqual(named(onnx.AttributeProto.AttributeType));
  });

  it('name data types for messages, as onnx-proto does', () => {
    for (const t of [1, 7, 11, 16]) expect(dataTypeName(t)).toBe(onnx.TensorProto.DataType[t]);
    expect(dataTypeName(99)).toBe('type 99');
  });
});
