/**
 * Reading ONNX protobuf objects, in the style of onnx/helper.py and onnx/numpy_helper.py: tensor values from
 * raw_data or the typed fields, attribute values by their declared type, value shapes, metadata and opset.
 * Re-exported by builder.ts, so one import gives the whole toolkit.
 */
import type { AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './builder.js';
import { sizeOf } from '../kernels/scratch.js';
import { decodeUtf8 } from './utf8.js';
import { AttributeType, DataType, dataTypeName } from './values.js';

/** int64 fields decode as numbers or as Long objects (when the `long` package is present). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const { low, high } = v as { low: number; high: number };
    return high * 2 ** 32 + (low >>> 0);
  }
  return Number(v ?? 0);
}

/** A copy, so views over it are aligned (a decoded raw_data buffer may start at any byte offset). */
function alignedBytes(raw: Uint8Array): DataView {
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  return new DataView(copy.buffer);
}

export function tensorDims(t: TensorProto): number[] {
  return (t.dims ?? []).map(toNumber);
}

/** A float tensor's values, from raw_data or float_data. */
export function tensorToFloat32(t: TensorProto): Float32Array {
  const count = sizeOf(tensorDims(t));
  if (t.dataType === DataType.FLOAT) {
    if (t.rawData && t.rawData.length) {
      if (t.rawData.length !== count * 4)
        throw new Error(`tensor "${t.name}": raw_data has ${t.rawData.length} bytes, its shape needs ${count * 4}`);
      const view = alignedBytes(t.rawData);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    }
    const data = t.floatData ?? [];
    if (data.length !== count)
      throw new Error(`tensor "${t.name}": float_data has ${data.length} values, its shape needs ${count}`);
    return Float32Array.from(data);
  }
  if (t.dataType === DataType.DOUBLE) {
    if (t.rawData && t.rawData.length) {
      const view = alignedBytes(t.rawData);
      return Float32Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
    }
    return Float32Array.from(t.doubleData ?? []);
  }
  throw new Error(`tensor "${t.name}" holds ${dataTypeName(t.dataType ?? 0)} values; Convas reads float32 weights`);
}

/** An integer tensor's values (INT64 or INT32), e.g. a Reshape's shape. */
export function tensorToInts(t: TensorProto): number[] {
  const count = sizeOf(tensorDims(t));
  const raw = t.rawData && t.rawData.length ? alignedBytes(t.rawData) : null;
  if (t.dataType === DataType.INT64) {
    if (raw) return Array.from({ length: count }, (_, i) => Number(raw.getBigInt64(i * 8, true)));
    return (t.int64Data ?? []).map(toNumber);
  }
  if (t.dataType === DataType.INT32) {
    if (raw) return Array.from({ length: count }, (_, i) => raw.getInt32(i * 4, true));
    return (t.int32Data ?? []).map(toNumber);
  }
  throw new Error(`tensor "${t.name}" holds ${dataTypeName(t.dataType ?? 0)} values where integers were expected`);
}

export { dataTypeName };

/**
 * Float attributes are float32 on the wire, so 1e-3 reads back as 0.0010000000474974513. This gives the shortest
 * decimal with the same float32 value (1e-3), as Python's repr does for doubles.
 */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  const target = Math.fround(v);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return v;
}

export type AttrRead = number | number[] | string | string[] | TensorProto | GraphProto | null;

/** helper.get_attribute_value: one attribute's value by its declared type. */
export function attributeValue(a: AttributeProto): AttrRead {
  const T = AttributeType;
  switch (a.type) {
    case T.FLOAT:
      return shortestFloat32(a.f ?? 0);
    case T.INT:
      return toNumber(a.i);
    case T.STRING:
      return a.s ? decodeUtf8(a.s) : '';
    case T.TENSOR:
      return a.t ?? null;
    case T.GRAPH:
      return a.g ?? null;
    case T.FLOATS:
      return (a.floats ?? []).map(shortestFloat32);
    case T.INTS:
      return (a.ints ?? []).map(toNumber);
    case T.STRINGS:
      return (a.strings ?? []).map((s) => decodeUtf8(s));
    default:
      return null;
  }
}

/** A node's attributes by name. */
export function attributesOf(node: NodeProto): Record<string, AttrRead> {
  const out: Record<string, AttrRead> = {};
  for (const a of node.attribute ?? []) out[a.name ?? ''] = attributeValue(a);
  return out;
}

/** A value's static shape: numbers for fixed dims, strings for symbolic ones, null for unknown. */
export function valueInfoShape(v: ValueInfoProto): (number | string | null)[] | null {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  return dims.map((d) =>
    d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null ? toNumber(d.dimValue) : null,
  );
}

export function metadataOf(model: ModelProto): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) if (p.key) out[p.key] = p.value ?? '';
  return out;
}

/** The default-domain opset a model imports (0 when it imports none). */
export function opsetOf(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : 0;
}
