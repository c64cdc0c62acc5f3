/**
 * The node list of one compiled graph: fresh value names, shared constants, and small helpers for the operators
 * the forward and backward emitters use over and over. Everything is written at one opset (OPSET, 17), where
 * ReduceSum, Squeeze, Unsqueeze, Split and Pad take their axes/sizes as inputs while ReduceMean and ReduceMax
 * still take `axes` as an attribute (onnx/Changelog.md, ReduceSum-13, ReduceMean-13).
 */
import {
  DataType,
  float,
  floatTensor,
  int64Tensor,
  makeNode,
  makeTensor,
  type Attrs,
  type NodeProto,
  type TensorProto,
} from '../onnx/builder.js';

export class Emitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, string>();

  /** A name not used yet, `${base}` or `${base}_2`, `${base}_3`, … */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Reserves a name given from outside (graph inputs and outputs). */
  reserve(name: string): string {
    if (this.names.has(name)) throw new Error(`compiled graph: the value name "${name}" is used twice`);
    this.names.add(name);
    return name;
  }

  /** Adds a node with a single output named after `out` and returns that output's name. */
  op(opType: string, inputs: string[], out: string, attrs: Attrs = {}): string {
    const name = this.fresh(out);
    this.nodes.push(makeNode(opType, inputs, [name], name, attrs));
    return name;
  }

  /** Adds a node whose outputs are given (already reserved or fresh). */
  opMulti(opType: string, inputs: string[], outputs: string[], attrs: Attrs = {}): void {
    this.nodes.push(makeNode(opType, inputs, outputs, outputs[0], attrs));
  }

  /** A node writing into a name reserved beforehand (e.g. a graph output). */
  opInto(opType: string, inputs: string[], out: string, attrs: Attrs = {}): string {
    this.nodes.push(makeNode(opType, inputs, [out], out, attrs));
    return out;
  }

  /** An int64 constant, shared between all users of the same values. */
  ints(values: number[], dims: number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.fresh(`const/i64_${values.length <= 4 ? values.join('_').replace(/-/g, 'm') : values.length}`);
    this.initializers.push(int64Tensor(name, dims, values));
    this.constCache.set(key, name);
    return name;
  }

  /** A float scalar (rank 0) constant, shared. */
  scalar(value: number): string {
    const key = `f32:${value}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.fresh(`const/f32_${String(value).replace(/[^0-9a-z]/gi, '_')}`);
    this.initializers.push(floatTensor(name, [], [value]));
    this.constCache.set(key, name);
    return name;
  }

  /** A float tensor constant (not shared). */
  floats(base: string, dims: number[], values: Float32Array): string {
    const name = this.fresh(base);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  /** A bool tensor constant (not shared). */
  bools(base: string, dims: number[], values: Uint8Array): string {
    const name = this.fresh(base);
    this.initializers.push(makeTensor(name, DataType.BOOL, dims, values));
    return name;
  }

  // ---- shorthands ----
  add = (a: string, b: string, out: string) => this.op('Add', [a, b], out);
  sub = (a: string, b: string, out: string) => this.op('Sub', [a, b], out);
  mul = (a: string, b: string, out: string) => this.op('Mul', [a, b], out);
  div = (a: string, b: string, out: string) => this.op('Div', [a, b], out);
  reshape = (x: string, shape: number[], out: string) => this.op('Reshape', [x, this.ints(shape)], out);
  transpose = (x: string, perm: number[], out: string) => this.op('Transpose', [x], out, { perm });
  reduceSum = (x: string, axes: number[], out: string, keepdims = 0) =>
    this.op('ReduceSum', [x, this.ints(axes)], out, { keepdims });
  reduceMean = (x: string, axes: number[], out: string, keepdims = 0) =>
    this.op('ReduceMean', [x], out, { axes, keepdims });
  cast = (x: string, to: number, out: string) => this.op('Cast', [x], out, { to });
  slice = (x: string, starts: number[], ends: number[], axes: number[], out: string) =>
    this.op('Slice', [x, this.ints(starts), this.ints(ends), this.ints(axes)], out);
  /** x · s for a float constant s. */
  scale = (x: string, s: number, out: string) => (s === 1 ? x : this.mul(x, this.scalar(s), out));
  /** Float attribute helper re-exported so emitters need one import. */
  float = float;
}
