/**
 * Integer arithmetic on constants, folded into constants before the import reads the graph. PyTorch's exporter
 * (1.13) writes the pads of F.pad / nn.ZeroPad2d as ConstantOfShape → Concat → Reshape → Slice (reversed) →
 * Transpose → Reshape → Cast of constants; folded, the Pad reading them has constant pads (importPad.ts). Only
 * integer tensors whose inputs are all constants are folded; everything else is left to the importers.
 */
import { DataType, type NodeProto, type TensorProto } from './builder.js';
import { out0, type ImportContext } from './importContext.js';
import { tensorDims, tensorToInts } from './read.js';

interface Ints {
  dims: number[];
  data: number[];
}

const count = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
/** Row-major strides of a shape. */
const stridesOf = (dims: number[]) => dims.map((_, i) => count(dims.slice(i + 1)));

/** Each op: the folded tensor, or null when it is not integer arithmetic this folder knows. */
const FOLD: Record<string, (c: ImportContext, node: NodeProto, ins: Ints[]) => Ints | null> = {
  /** A tensor of the given shape filled with `value` (default 0): folded when the value is an integer. */
  ConstantOfShape(c, node, [shape]) {
    const v = c.attrs(node).value as TensorProto | undefined;
    if (v && v.dataType !== DataType.INT64 && v.dataType !== DataType.INT32) return null;
    const fill = v ? (tensorToInts(v)[0] ?? 0) : 0;
    return { dims: shape.data, data: new Array<number>(count(shape.data)).fill(fill) };
  },
  Concat(c, node, ins) {
    const rank = ins[0].dims.length;
    let axis = (c.attrs(node).axis as number | undefined) ?? 0;
    if (axis < 0) axis += rank;
    if (rank !== 1 || axis !== 0) return null;
    const data = ins.flatMap((t) => t.data);
    return { dims: [data.length], data };
  },
  /** ONNX Reshape: 0 keeps that dimension (allowzero 0), −1 takes what is left. */
  Reshape(_c, _node, [x, shape]) {
    const dims = shape.data.map((d, i) => (d === 0 ? x.dims[i] : d));
    const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const out = dims.map((d) => (d === -1 ? x.data.length / known : d));
    return count(out) === x.data.length ? { dims: out, data: x.data } : null;
  },
  /** ONNX Slice (opset 10+): starts, ends, axes, steps as inputs; negative indices count from the end. */
  Slice(_c, _node, [x, starts, ends, axesT, stepsT]) {
    const rank = x.dims.length;
    const axes = (axesT?.data ?? starts.data.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
    const ranges = x.dims.map((d) => ({ start: 0, step: 1, n: d }));
    axes.forEach((axis, i) => {
      const d = x.dims[axis];
      const step = stepsT?.data[i] ?? 1;
      let s = starts.data[i];
      let e = ends.data[i];
      if (s < 0) s += d;
      if (e < 0) e += d;
      if (step > 0) {
        s = Math.min(Math.max(s, 0), d);
        e = Math.min(Math.max(e, 0), d);
      } else {
        s = Math.min(Math.max(s, 0), d - 1);
        e = Math.min(Math.max(e, -1), d - 1);
      }
      ranges[axis] = { start: s, step, n: Math.max(0, Math.ceil((e - s) / step)) };
    });
    const dims = ranges.map((r) => r.n);
    const strides = stridesOf(x.dims);
    const data: number[] = [];
    const index = new Array<number>(rank).fill(0);
    for (let k = 0; k < count(dims); k++) {
      let rest = k;
      for (let a = rank - 1; a >= 0; a--) {
        index[a] = rest % dims[a];
        rest = Math.floor(rest / dims[a]);
      }
      data.push(x.data[index.reduce((o, i, a) => o + (ranges[a].start + i * ranges[a].step) * strides[a], 0)]);
    }
    return { dims, data };
  },
  Transpose(c, node, [x]) {
    const rank = x.dims.length;
    const perm = (c.attrs(node).perm as number[] | undefined) ?? x.dims.map((_, i) => rank - 1 - i);
    const dims = perm.map((p) => x.dims[p]);
    const inStrides = stridesOf(x.dims);
    const data: number[] = [];
    for (let k = 0; k < x.data.length; k++) {
      let rest = k;
      let from = 0;
      for (let a = rank - 1; a >= 0; a--) {
        from += (rest % dims[a]) * inStrides[perm[a]];
        rest = Math.floor(rest / dims[a]);
      }
      data.push(x.data[from]);
    }
    return { dims, data };
  },
  /** Between integer types the values stay; a cast to anything else is left alone. */
  Cast(c, node, [x]) {
    const to = c.attrs(node).to as number | undefined;
    return to === DataType.INT64 || to === DataType.INT32 ? x : null;
  },
};

function intsOf(c: ImportContext, value: string): Ints | null {
  const t = c.consts.get(value);
  if (!t || (t.dataType !== DataType.INT64 && t.dataType !== DataType.INT32)) return null;
  try {
    return { dims: tensorDims(t), data: tensorToInts(t) };
  } catch {
    return null;
  }
}

/** Folds what it can, in graph order, marking the folded nodes as fused so the importers skip them. */
export function foldConstants(c: ImportContext, nodes: readonly NodeProto[]): void {
  for (const node of nodes) {
    const fold = FOLD[node.opType ?? ''];
    if (!fold) continue;
    const ins = (node.input ?? []).map((v) => (v ? intsOf(c, v) : undefined));
    if (ins.some((t) => t === null)) continue;
    const out = fold(c, node, ins as Ints[]);
    if (!out) continue;
    c.consts.set(out0(node), { name: out0(node), dataType: DataType.INT64, dims: out.dims, int64Data: out.data });
    c.fused.add(node);
  }
}
