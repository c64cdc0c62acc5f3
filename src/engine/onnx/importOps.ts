/**
 * One handler per ONNX operator Convas imports. Each maps its node onto a Convas layer, folds what belongs to
 * the previous layer (an activation into its `activation` param, a constant Add into its bias), or refuses with
 * a message naming the node. Attribute defaults follow the ONNX operator docs (Operators.md) for opset ≤ 17.
 */
import { LEAKY_RELU_ALPHA, type ActivationFn } from '../types.js';
import type { NodeProto } from './builder.js';
import { ImportError, windowOf, type BuiltNode, type ImportContext } from './importContext.js';
import { matchLocallyConnected } from './importPattern.js';
import { concatShapes, passShape, SHAPE_HANDLERS, symbolicInts } from './importShapes.js';

type Handler = (c: ImportContext, node: NodeProto) => void;

const size2 = (v: [number, number]): number | [number, number] => (v[0] === v[1] ? v[0] : v);
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
const out0 = (node: NodeProto) => node.output?.[0] ?? '';

/** Layers whose `activation` param can absorb a following activation operator. */
const WITH_ACTIVATION = new Set(['conv2d', 'locallyConnected2d', 'dense']);

/**
 * How many ONNX nodes (or graph outputs) read a Convas node's value, over all the names it goes by. Folding into
 * the node is only right when the folding operator is the one reader.
 */
function readers(c: ImportContext, id: string): number {
  let n = 0;
  for (const [value, owner] of c.valueNode) {
    if (owner !== id) continue;
    if (c.graphOutputs.has(value)) n++;
    // Identity only renames (its readers count under its output); Shape reads no values.
    for (const consumer of c.consumers.get(value) ?? []) if (!c.fused.has(consumer) && consumer.opType !== 'Identity' && consumer.opType !== 'Shape') n++;
  }
  return n;
}

const Conv: Handler = (c, node) => {
  const a = c.attrs(node);
  const x = c.source(node, 0);
  // With one input channel the patch Conv of the locally-connected pattern has group 1, so always try it.
  const group = (a.group as number | undefined) ?? 1;
  const reason = c.soleConsumer(out0(node))?.opType === 'Reshape' || group !== 1 ? matchLocallyConnected(c, node, x) : 'no Reshape follows';
  if (reason === null) return;
  if (group !== 1) {
    throw new ImportError(`${c.label(node)}: a grouped convolution (group ${a.group}) has no Convas layer, and it does not start Convas' locally-connected pattern (${reason})`);
  }
  const w = c.constFloat(node, 1, 'weight');
  if (w.dims.length !== 4) throw new ImportError(`${c.label(node)}: only 2-D convolutions (4-D weights) map onto conv2d, this weight is [${w.dims.join(', ')}]`);
  const [f, ch, kh, kw] = w.dims;
  if (ch !== x.shape[0]) throw new ImportError(`${c.label(node)}: its weight expects ${ch} input channels but gets ${x.shape[0]}`);
  const { stride, padding } = windowOf(c, node, x, [kh, kw]);
  const weights: Record<string, Float32Array> = { W: w.data };
  if (c.isConst(node.input?.[2])) weights.b = c.constFloat(node, 2, 'bias').data;
  const id = c.uniqueId(node.name, 'conv');
  c.add(id, 'conv2d', { filters: f, kernelSize: size2([kh, kw]), stride: size2(stride), padding, useBias: !!weights.b, activation: 'linear' }, [x], out0(node), weights);
};

const pool =
  (kind: 'maxPool2d' | 'avgPool2d'): Handler =>
  (c, node) => {
    const a = c.attrs(node);
    const x = c.source(node, 0);
    const ks = a.kernel_shape as number[] | undefined;
    if (!ks || ks.length !== 2) throw new ImportError(`${c.label(node)}: only 2-D pooling windows map onto Convas`);
    if (((a.ceil_mode as number | undefined) ?? 0) !== 0) throw new ImportError(`${c.label(node)}: ceil_mode 1 — Convas pools round down (ceil_mode 0)`);
    if (node.output && node.output.length > 1 && node.output[1] && (c.consumers.get(node.output[1])?.length || c.graphOutputs.has(node.output[1]))) {
      throw new ImportError(`${c.label(node)}: its Indices output is used, and Convas pools have none`);
    }
    const kernel: [number, number] = [ks[0], ks[1]];
    const { stride, padding } = windowOf(c, node, x, kernel);
    if (kind === 'avgPool2d' && (a.count_include_pad as number | undefined) === 1 && padding !== 'valid') {
      throw new ImportError(`${c.label(node)}: count_include_pad 1 averages padding zeros in, Convas never does`);
    }
    const strideParam = stride[0] === kernel[0] && stride[1] === kernel[1] ? null : size2(stride);
    c.add(c.uniqueId(node.name, kind), kind, { poolSize: size2(kernel), stride: strideParam, padding }, [x], out0(node));
  };

/** Reshape's target when it is a flatten: [0 | −1 | N, C·H·W | −1]. */
function isFlatReshape(c: ImportContext, node: NodeProto, x: BuiltNode): boolean {
  if (node.opType === 'Flatten') {
    const axis = (c.attrs(node).axis as number | undefined) ?? 1;
    return (axis < 0 ? axis + x.shape.length + 1 : axis) === 1;
  }
  if (node.opType !== 'Reshape') return false;
  const shape = symbolicInts(c, node.input?.[1]);
  if (!shape) return false;
  const n = prod(x.shape);
  return shape.length === 2 && (shape[1] === n || (shape[1] === -1 && (shape[0] === 0 || shape[0] === -1 || shape[0] === 'batch')));
}

/**
 * GlobalAveragePool gives [N, C, 1, 1]: an average pool over the whole map. Convas' globalAvgPool2d outputs a
 * flat [C], so when a flatten is the pool's one reader (see flattenLike) the two become one globalAvgPool2d.
 */
const GlobalAveragePool: Handler = (c, node) => {
  const x = c.source(node, 0);
  if (x.shape.length !== 3) throw new ImportError(`${c.label(node)}: needs a feature map [N, C, H, W]`);
  const built = c.add(c.uniqueId(node.name, 'gap'), 'avgPool2d', { poolSize: size2([x.shape[1], x.shape[2]]), stride: null, padding: 'valid' }, [x], out0(node));
  built.fromGlobalPool = out0(node);
};

const flattenLike: Handler = (c, node) => {
  const x = c.source(node, 0);
  const flat = isFlatReshape(c, node, x);
  if (flat && x.fromGlobalPool && readers(c, x.id) === 1) {
    // Shape nodes that read the pool already saw [N, C, 1, 1]; later ones must too.
    c.onnxShape.set(x.fromGlobalPool, [...x.shape]);
    x.kind = 'globalAvgPool2d';
    x.params = {};
    x.shape = [x.shape[0]];
    delete x.fromGlobalPool;
    c.fused.add(node);
    c.alias(out0(node), x);
    return;
  }
  if (!flat) {
    const what = node.opType === 'Flatten' ? `axis ${c.attrs(node).axis}` : `a reshape to [${symbolicInts(c, node.input?.[1])?.join(', ') ?? 'a computed shape'}]`;
    throw new ImportError(`${c.label(node)}: ${what} — Convas only flattens [N, C, H, W] to [N, C·H·W]`);
  }
  c.add(c.uniqueId(node.name, 'flatten'), 'flatten', {}, [x], out0(node));
};

/** A dense layer from W [in, units] and an optional bias. */
function dense(c: ImportContext, node: NodeProto, x: BuiltNode, w: Float32Array, inputs: number, units: number, b?: Float32Array) {
  if (x.shape.length !== 1) throw new ImportError(`${c.label(node)}: needs a flat input [N, features] but gets [N, ${x.shape.join(', ')}]`);
  if (x.shape[0] !== inputs) throw new ImportError(`${c.label(node)}: its weight expects ${inputs} inputs but gets ${x.shape[0]}`);
  const weights: Record<string, Float32Array> = { W: w };
  if (b) weights.b = b;
  c.add(c.uniqueId(node.name, 'dense'), 'dense', { units, useBias: !!b, activation: 'linear' }, [x], out0(node), weights);
}

/** Y = alpha·A·op(B) + beta·C with A [N, in]; alpha and beta are folded into the weights. */
const Gemm: Handler = (c, node) => {
  const a = c.attrs(node);
  if (((a.transA as number | undefined) ?? 0) !== 0) throw new ImportError(`${c.label(node)}: transA 1 — Convas layers take the batch first`);
  const x = c.source(node, 0);
  const B = c.constFloat(node, 1, 'weight');
  if (B.dims.length !== 2) throw new ImportError(`${c.label(node)}: its weight should be 2-D, not [${B.dims.join(', ')}]`);
  const transB = ((a.transB as number | undefined) ?? 0) === 1;
  const [inputs, units] = transB ? [B.dims[1], B.dims[0]] : B.dims;
  const alpha = (a.alpha as number | undefined) ?? 1;
  const beta = (a.beta as number | undefined) ?? 1;
  const w = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) w[i * units + u] = alpha * B.data[transB ? u * inputs + i : i * units + u];
  let b: Float32Array | undefined;
  if (c.isConst(node.input?.[2])) {
    const C = c.constFloat(node, 2, 'bias');
    if (C.data.length !== units && C.data.length !== 1) throw new ImportError(`${c.label(node)}: its bias [${C.dims.join(', ')}] does not broadcast to ${units} units per sample`);
    b = Float32Array.from({ length: units }, (_, u) => beta * C.data[C.data.length === 1 ? 0 : u]);
  } else if (node.input?.[2]) {
    throw new ImportError(`${c.label(node)}: its bias is computed, Convas needs a constant`);
  }
  dense(c, node, x, w, inputs, units, b);
};

const MatMul: Handler = (c, node) => {
  const x = c.source(node, 0);
  if (!c.isConst(node.input?.[1])) throw new ImportError(`${c.label(node)}: a product of two computed values has no Convas layer (dense needs constant weights)`);
  const B = c.constFloat(node, 1, 'weight');
  if (B.dims.length !== 2) throw new ImportError(`${c.label(node)}: its weight is [${B.dims.join(', ')}]; dense needs a 2-D [in, units] weight`);
  dense(c, node, x, B.data, B.dims[0], B.dims[1]);
};

/** Adds a constant into the previous layer's bias when that is exactly what it is; false when it is not. */
function foldBias(c: ImportContext, node: NodeProto, x: BuiltNode, constIndex: number): boolean {
  if (!['conv2d', 'dense'].includes(x.kind) || x.params.useBias !== false || x.params.activation !== 'linear' || readers(c, x.id) !== 1) return false;
  const t = c.constFloat(node, constIndex, 'constant');
  const channels = x.shape[0];
  // Right-aligned broadcasting: per channel means [.., C, 1, 1] for maps, [.., units] for vectors.
  const dims = t.dims.slice();
  while (dims.length && dims[0] === 1 && dims.length > (x.kind === 'conv2d' ? 3 : 1)) dims.shift();
  const perChannel = x.kind === 'conv2d' ? dims.length === 3 && dims[0] === channels && dims[1] === 1 && dims[2] === 1 : dims.length === 1 && dims[0] === channels;
  if (!perChannel) return false;
  x.params.useBias = true;
  x.weights.b = t.data;
  c.fused.add(node);
  c.alias(out0(node), x);
  return true;
}

const Add: Handler = (c, node) => {
  const ins = node.input ?? [];
  const constAt = ins.findIndex((v) => c.isConst(v));
  if (constAt >= 0) {
    const x = c.source(node, 1 - constAt);
    if (ins.length === 2 && foldBias(c, node, x, constAt)) return;
    throw new ImportError(`${c.label(node)}: adds a constant that is not a per-channel bias of the layer before it — Convas has no such layer`);
  }
  merge('add')(c, node);
};

const merge =
  (kind: 'add' | 'concat'): Handler =>
  (c, node) => {
    const xs = (node.input ?? []).map((_, i) => c.source(node, i));
    if (kind === 'concat') {
      const rank = xs[0].shape.length + 1;
      const axis = (c.attrs(node).axis as number | undefined) ?? 1;
      if ((axis < 0 ? axis + rank : axis) !== 1) throw new ImportError(`${c.label(node)}: concatenates along axis ${axis}, Convas only along the channels (axis 1)`);
    }
    if (xs.length === 1) return c.alias(out0(node), xs[0]);
    c.add(c.uniqueId(node.name, kind), kind, {}, xs, out0(node));
  };

/** An activation operator: folded into the layer before it when that layer has an `activation` param. */
const act =
  (fn: ActivationFn): Handler =>
  (c, node) => {
    const x = c.source(node, 0);
    if (fn === 'leakyRelu') {
      const alpha = (c.attrs(node).alpha as number | undefined) ?? 0.01;
      if (Math.abs(alpha - LEAKY_RELU_ALPHA) > 1e-6) throw new ImportError(`${c.label(node)}: alpha ${alpha} — Convas' leakyRelu has alpha ${LEAKY_RELU_ALPHA}`);
    }
    if (fn === 'softmax') {
      const rank = x.shape.length + 1;
      const axis = (c.attrs(node).axis as number | undefined) ?? (c.opset >= 13 ? -1 : 1);
      const along = axis < 0 ? axis + rank : axis;
      // Before opset 13 Softmax flattened everything from `axis` on; that equals Convas' only for [N, C].
      const ok = c.opset >= 13 ? along === 1 : along === 1 && rank === 2;
      if (!ok) throw new ImportError(`${c.label(node)}: softmax over axis ${axis} of a rank-${rank} tensor (opset ${c.opset}) — Convas' softmax normalises over the channels (axis 1) alone`);
    }
    // A model Convas wrote names a folded activation `${layer}/…`; any other name there is an activation layer.
    const fromLayer = !c.convasModel || (node.name ?? '').startsWith(`${x.id}/`);
    if (fromLayer && WITH_ACTIVATION.has(x.kind) && x.params.activation === 'linear' && readers(c, x.id) === 1) {
      x.params.activation = fn;
      c.fused.add(node);
      c.alias(out0(node), x);
      return;
    }
    c.add(c.uniqueId(node.name, fn), 'activation', { fn }, [x], out0(node));
  };

const BatchNormalization: Handler = (c, node) => {
  const a = c.attrs(node);
  if (((a.training_mode as number | undefined) ?? 0) !== 0) throw new ImportError(`${c.label(node)}: training_mode 1 — Convas imports inference graphs`);
  const x = c.source(node, 0);
  const channels = x.shape[0];
  const t = (i: number, what: string) => {
    const v = c.constFloat(node, i, what);
    if (v.data.length !== channels) throw new ImportError(`${c.label(node)}: its ${what} has ${v.data.length} values for ${channels} channels`);
    return v.data;
  };
  const weights = { gamma: t(1, 'scale'), beta: t(2, 'bias'), runningMean: t(3, 'mean'), runningVar: t(4, 'variance') };
  const epsilon = (a.epsilon as number | undefined) ?? 1e-5;
  const momentum = (a.momentum as number | undefined) ?? 0.9;
  c.add(c.uniqueId(node.name, 'batchnorm'), 'batchNorm', { epsilon, momentum }, [x], out0(node), weights);
};

const Dropout: Handler = (c, node) => {
  const x = c.source(node, 0);
  const mask = node.output?.[1];
  if (mask && (c.consumers.get(mask)?.length || c.graphOutputs.has(mask))) throw new ImportError(`${c.label(node)}: its mask output is used; Convas dropout has none`);
  let rate = 0.5;
  if (c.opset < 12) rate = (c.attrs(node).ratio as number | undefined) ?? 0.5;
  else if (c.isConst(node.input?.[1])) rate = c.constFloat(node, 1, 'ratio').data[0];
  if (!(rate >= 0 && rate < 1)) throw new ImportError(`${c.label(node)}: ratio ${rate} — a dropout rate must be in [0, 1)`);
  c.add(c.uniqueId(node.name, 'dropout'), 'dropout', { rate }, [x], out0(node));
};

export const HANDLERS: Record<string, Handler> = {
  Conv,
  MaxPool: pool('maxPool2d'),
  AveragePool: pool('avgPool2d'),
  GlobalAveragePool,
  Gemm,
  MatMul,
  Add,
  Sum: merge('add'),
  Concat: (c, node) => {
    if (!concatShapes(c, node)) merge('concat')(c, node);
  },
  ...SHAPE_HANDLERS,
  Relu: act('relu'),
  LeakyRelu: act('leakyRelu'),
  Sigmoid: act('sigmoid'),
  Tanh: act('tanh'),
  Softmax: act('softmax'),
  Flatten: flattenLike,
  Reshape: flattenLike,
  BatchNormalization,
  Dropout,
  // In a model Convas wrote, an Identity named after a node is a linear activation layer (`…/identity` copies a
  // dropout into the output); anywhere else Identity is just another name for its input.
  Identity: (c, node) => {
    if (c.shapes.has(node.input?.[0] ?? '')) return passShape(c, node);
    if (c.convasModel && node.name && !node.name.endsWith('/identity')) return act('linear')(c, node);
    c.alias(out0(node), c.source(node, 0));
  },
  // Only inside Convas' locally-connected pattern, which the Conv handler consumes whole.
  Transpose: (c, node) => {
    throw new ImportError(`${c.label(node)}: a Transpose outside Convas' locally-connected pattern has no Convas layer`);
  },
};
