/**
 * The importer's working state: the Convas nodes built so far, which Convas node each ONNX value belongs to,
 * constants (initializers and Constant nodes), consumers of each value, and the ONNX nodes already folded into
 * an earlier Convas node.
 */
import type { LayerKind } from '../layers/kind.js';
import { LayerError, type Padding, type Params, type Shape } from '../types.js';
import { paddingFromOnnx } from './padding.js';
import type { NodeProto, TensorProto } from './builder.js';
import { attributesOf, tensorDims, tensorToFloat32, tensorToInts, type AttrRead } from './read.js';

export class ImportError extends Error {}

/** A Convas size param from a window: one number when both axes agree. */
export const size2 = (v: [number, number]): number | [number, number] => (v[0] === v[1] ? v[0] : v);
/** The node's first output (the value a Convas layer's output is named by). */
export const out0 = (node: NodeProto) => node.output?.[0] ?? '';

export interface BuiltNode {
  id: string;
  kind: string;
  params: Params;
  inputs: string[];
  shape: Shape;
  weights: Record<string, Float32Array>;
  /**
   * An average pool over the whole map made from GlobalAveragePool: a flatten after it turns it into globalAvgPool2d.
   */
  fromGlobalPool?: string;
}

export class ImportContext {
  readonly nodes: BuiltNode[] = [];
  readonly byId = new Map<string, BuiltNode>();
  /** ONNX value → the Convas node whose output it is. */
  readonly valueNode = new Map<string, string>();
  readonly consts = new Map<string, TensorProto>();
  readonly consumers = new Map<string, NodeProto[]>();
  readonly fused = new Set<NodeProto>();
  /** Integer shape vectors computed in the graph ('batch' for the symbolic batch size); see importShapes.ts. */
  readonly shapes = new Map<string, (number | 'batch')[]>();
  /** The ONNX shape of a value where it differs from its Convas node's (GlobalAveragePool's [C, 1, 1]). */
  readonly onnxShape = new Map<string, number[]>();
  /**
   * A Pad's output → its [top, left, bottom, right], folded into the padding of the windows reading it (importPad.ts).
   */
  readonly padsBefore = new Map<string, [number, number, number, number]>();
  /** The batch size the model's input was exported with, when fixed (PyTorch with no dynamic axes), else null. */
  inputBatch: number | null = null;
  private readonly ids = new Set<string>();
  private counter = 0;

  constructor(
    /** The registry's lookup (passed in: the layer kinds' import facets use this context, and the registry them). */
    readonly layer: (kind: string) => LayerKind | undefined,
    readonly opset: number,
    readonly graphOutputs: Set<string>,
    /** Whether Convas wrote the model (its metadata says so): then node names tell layers from their parts. */
    readonly convasModel = false,
  ) {}

  label(node: NodeProto): string {
    return `${node.opType} node "${node.name || node.output?.[0] || '?'}"`;
  }

  attrs(node: NodeProto): Record<string, AttrRead> {
    return attributesOf(node);
  }

  /** A fresh, unique Convas id, from the ONNX node's name where it has one. */
  uniqueId(want: string | null | undefined, op: string): string {
    const base = want && want.trim() ? want.trim() : `${op.toLowerCase()}_${++this.counter}`;
    let id = base;
    for (let i = 1; this.ids.has(id); i++) id = `${base}_${i}`;
    this.ids.add(id);
    return id;
  }

  reserve(id: string): void {
    this.ids.add(id);
  }

  /** The Convas node an ONNX value comes from; refuses constants and unknown values where a tensor flows. */
  source(node: NodeProto, index: number): BuiltNode {
    const value = node.input?.[index] ?? '';
    const id = this.valueNode.get(value);
    if (id === undefined) {
      if (this.consts.has(value))
        throw new ImportError(
          `${this.label(node)}: input ${index + 1} ("${value}") is a constant ` +
            `where Convas expects the output of a layer`,
        );
      throw new ImportError(`${this.label(node)}: input "${value}" is not produced by any node Convas could import`);
    }
    return this.byId.get(id)!;
  }

  isConst(value: string | undefined): boolean {
    return value !== undefined && value !== '' && this.consts.has(value);
  }

  constFloat(node: NodeProto, index: number, what: string): { dims: number[]; data: Float32Array } {
    const value = node.input?.[index];
    const t = value ? this.consts.get(value) : undefined;
    if (!t)
      throw new ImportError(
        `${this.label(node)}: its ${what} ("${value ?? ''}") must be a constant (an initializer) ` +
          `for Convas to import it as weights`,
      );
    try {
      return { dims: tensorDims(t), data: tensorToFloat32(t) };
    } catch (e) {
      throw new ImportError(`${this.label(node)}: ${(e as Error).message}`);
    }
  }

  constIntsOf(value: string): number[] {
    return tensorToInts(this.consts.get(value)!);
  }

  constInts(node: NodeProto, index: number, what: string): number[] {
    const value = node.input?.[index];
    const t = value ? this.consts.get(value) : undefined;
    if (!t) throw new ImportError(`${this.label(node)}: its ${what} must be a constant`);
    return tensorToInts(t);
  }

  /**
   * The one node reading `value`, when exactly one does and the value is not also a graph output. With
   * `ignoreShape`, Shape nodes do not count: they read the value's shape, not its values.
   */
  soleConsumer(value: string | undefined, ignoreShape = false): NodeProto | null {
    if (!value || this.graphOutputs.has(value)) return null;
    const list = (this.consumers.get(value) ?? []).filter((n) => !ignoreShape || n.opType !== 'Shape');
    return list.length === 1 ? list[0] : null;
  }

  /** Adds a Convas node, checks its shape with the layer's own inferShape, and maps `output` to it. */
  add(
    id: string,
    kind: string,
    params: Params,
    inputs: BuiltNode[],
    output: string,
    weights: Record<string, Float32Array> = {},
  ): BuiltNode {
    const def = this.layer(kind)!;
    const full: Params = {};
    for (const spec of def.params) if (spec.default !== undefined) full[spec.name] = spec.default;
    Object.assign(full, params);
    let shape: Shape;
    try {
      shape = def.inferShape(
        inputs.map((i) => i.shape),
        full,
        { id },
      );
    } catch (e) {
      if (e instanceof LayerError) throw new ImportError(`the imported graph does not fit together: ${e.message}`);
      throw e;
    }
    const built: BuiltNode = { id, kind, params: full, inputs: inputs.map((i) => i.id), shape, weights };
    this.nodes.push(built);
    this.byId.set(id, built);
    this.valueNode.set(output, id);
    return built;
  }

  /** `output` is another name for the value of `node` (Identity, Dropout at inference, a folded op). */
  alias(output: string | undefined, node: BuiltNode): void {
    if (output) this.valueNode.set(output, node.id);
  }
}

/**
 * How many ONNX nodes (or graph outputs) read a Convas node's value, over all the names it goes by. Folding into
 * the node is only right when the folding operator is the one reader.
 */
export function readers(c: ImportContext, id: string): number {
  let n = 0;
  for (const [value, owner] of c.valueNode) {
    if (owner !== id) continue;
    if (c.graphOutputs.has(value)) n++;
    // Identity only renames (its readers count under its output); Shape reads no values.
    for (const consumer of c.consumers.get(value) ?? [])
      if (!c.fused.has(consumer) && consumer.opType !== 'Identity' && consumer.opType !== 'Shape') n++;
  }
  return n;
}

/** Strides, padding and the input check shared by Conv and the pools. */
export function windowOf(
  c: ImportContext,
  node: NodeProto,
  x: BuiltNode,
  kernel: [number, number],
): { stride: [number, number]; padding: Padding } {
  if (x.shape.length !== 3)
    throw new ImportError(`${c.label(node)}: needs a feature map [N, C, H, W] but gets [N, ${x.shape.join(', ')}]`);
  const a = c.attrs(node);
  const dilations = (a.dilations as number[] | undefined) ?? [1, 1];
  if (dilations.some((d) => d !== 1))
    throw new ImportError(`${c.label(node)}: dilations [${dilations.join(', ')}] — Convas has no dilated windows`);
  const strides = (a.strides as number[] | undefined) ?? [1, 1];
  if (strides.length !== 2 || kernel.length !== 2)
    throw new ImportError(`${c.label(node)}: only 2-D windows map onto Convas layers`);
  const stride: [number, number] = [strides[0], strides[1]];
  let pads = a.pads as number[] | undefined;
  const before = c.padsBefore.get(node.input?.[0] ?? '');
  if (before) {
    // A Pad folded in front (importPad.ts): the window pads by both.
    if (a.auto_pad && a.auto_pad !== 'NOTSET' && a.auto_pad !== 'VALID')
      throw new ImportError(`${c.label(node)}: auto_pad ${a.auto_pad} after a Pad; Convas cannot combine the two`);
    pads = (a.auto_pad === 'VALID' ? [0, 0, 0, 0] : (pads ?? [0, 0, 0, 0])).map((p, i) => p + before[i]);
  }
  try {
    return {
      stride,
      padding: paddingFromOnnx(
        c.label(node),
        { auto_pad: before ? 'NOTSET' : (a.auto_pad as string | undefined), pads },
        [x.shape[1], x.shape[2]],
        kernel,
        stride,
      ),
    };
  } catch (e) {
    throw new ImportError((e as Error).message);
  }
}
