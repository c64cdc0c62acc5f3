/**
 * One exporter per layer kind: the ONNX operators (opset 17) that compute exactly what the engine computes.
 * Each writes its nodes through an EmitContext, naming its main node after the document node and any extra
 * node `${id}/<what>` (e.g. `c1/relu`).
 */
import type { NodeInfo } from '../analyze.js';
import { onnxPads, pair, paddingOf, windowOf } from '../layers/geometry.js';
import { LEAKY_RELU_ALPHA, type ActivationFn, type Params } from '../types.js';
import { float, type Attrs } from './builder.js';
import { emitLocallyConnected } from './locallyConnected.js';

export interface EmitContext {
  id: string;
  params: Params;
  info: NodeInfo;
  /** The value names of the node's inputs, in edge order. */
  inputs: string[];
  /** The value the node's result must be written to. */
  output: string;
  weights: Record<string, Float32Array>;
  /** Adds a node; `suffix` '' names it after the document node, otherwise `${id}/${suffix}`. */
  node(op: string, inputs: string[], outputs: string[], suffix: string, attrs?: Attrs): void;
  /** Adds a float initializer `${id}.${name}` (or a given full name) and returns its value name. */
  floatInit(name: string, dims: number[], values: Float32Array): string;
  /** Adds an int64 initializer `${id}/${name}` and returns its value name. */
  intInit(name: string, dims: number[], values: number[]): string;
  /** A fresh intermediate value name `${id}/${what}`. */
  value(what: string): string;
}

type Exporter = (c: EmitContext) => void;

/** The operator for an activation function, written from `x` to `y`. Softmax normalises over axis 1. */
export function emitActivation(c: EmitContext, fn: ActivationFn, x: string, y: string, suffix: string): void {
  switch (fn) {
    case 'linear':
      c.node('Identity', [x], [y], suffix);
      return;
    case 'relu':
      c.node('Relu', [x], [y], suffix);
      return;
    case 'leakyRelu':
      c.node('LeakyRelu', [x], [y], suffix, { alpha: float(LEAKY_RELU_ALPHA) });
      return;
    case 'sigmoid':
      c.node('Sigmoid', [x], [y], suffix);
      return;
    case 'tanh':
      c.node('Tanh', [x], [y], suffix);
      return;
    case 'softmax':
      // Softmax-13: normalises along `axis` alone, so on [N, C, H, W] each pixel's channels sum to 1.
      c.node('Softmax', [x], [y], suffix, { axis: 1 });
      return;
  }
}

const activationOf = (p: Params): ActivationFn => (p.activation as ActivationFn | undefined) ?? 'linear';

/** Runs `main` into the node's output, or into an intermediate value followed by the layer's activation. */
export function withActivation(c: EmitContext, main: (y: string) => void): void {
  const fn = activationOf(c.params);
  if (fn === 'linear') return main(c.output);
  const pre = c.value('preact');
  main(pre);
  emitActivation(c, fn, pre, c.output, fn.toLowerCase());
}

/** Window attributes of a conv or pool over a [C, H, W] input: explicit pads, "same" resolved (SAME_UPPER). */
export function windowAttrs(c: EmitContext, kernel: [number, number], stride: [number, number]) {
  const [, h, w] = c.info.inputShapes[0];
  const win = windowOf(h, w, kernel, stride, paddingOf(c.params));
  return { kernel_shape: kernel, strides: stride, pads: onnxPads(win) };
}

const conv2d: Exporter = (c) => {
  const k = pair(c.params.kernelSize);
  const inputs = [c.inputs[0], c.floatInit('W', [...c.info.tensors[0].shape], c.weights.W)];
  if (c.weights.b) inputs.push(c.floatInit('b', [c.weights.b.length], c.weights.b));
  withActivation(c, (y) => c.node('Conv', inputs, [y], '', { ...windowAttrs(c, k, pair(c.params.stride, [1, 1])), dilations: [1, 1], group: 1 }));
};

const dense: Exporter = (c) => {
  const [n] = c.info.inputShapes[0];
  const units = c.info.outputShape![0];
  // W is [in, units]: Gemm's B without transB (Y = X·B + C).
  const inputs = [c.inputs[0], c.floatInit('W', [n, units], c.weights.W)];
  if (c.weights.b) inputs.push(c.floatInit('b', [units], c.weights.b));
  withActivation(c, (y) => c.node('Gemm', inputs, [y], '', { transB: 0 }));
};

const pool =
  (op: 'MaxPool' | 'AveragePool'): Exporter =>
  (c) => {
    const k = pair(c.params.poolSize, [2, 2]);
    const attrs: Attrs = windowAttrs(c, k, pair(c.params.stride, k));
    // Padding never counts towards an average (the engine's rule; ONNX count_include_pad 0).
    if (op === 'AveragePool') attrs.count_include_pad = 0;
    c.node(op, [c.inputs[0]], [c.output], '', attrs);
  };

const globalAvgPool2d: Exporter = (c) => {
  // The engine outputs a flat [C]; GlobalAveragePool gives [N, C, 1, 1], so Flatten follows.
  const pooled = c.value('pooled');
  c.node('GlobalAveragePool', [c.inputs[0]], [pooled], '');
  c.node('Flatten', [pooled], [c.output], 'flatten', { axis: 1 });
};

const batchNorm: Exporter = (c) => {
  const ch = c.info.inputShapes[0][0];
  const t = (name: string) => c.floatInit(name, [ch], c.weights[name]);
  // Inference form: y = γ·(x − runningMean)/√(runningVar + ε) + β over axis 1. ONNX allows [N, C] as well as
  // [N, C, H, W], so flat inputs need no reshaping: onnxruntime's CPU kernel takes rank 2, and its CUDA kernel
  // pads a rank-2 input to [N, C, 1, 1] for cuDNN (BatchNormHelper::NormalizeDims in batch_norm_helper.h).
  c.node('BatchNormalization', [c.inputs[0], t('gamma'), t('beta'), t('runningMean'), t('runningVar')], [c.output], '', {
    epsilon: float(c.params.epsilon as number),
    momentum: float(c.params.momentum as number),
  });
};

export const EXPORTERS: Record<string, Exporter> = {
  conv2d,
  locallyConnected2d: (c) => withActivation(c, (y) => emitLocallyConnected(c, y)),
  maxPool2d: pool('MaxPool'),
  avgPool2d: pool('AveragePool'),
  globalAvgPool2d,
  dense,
  activation: (c) => emitActivation(c, (c.params.fn as ActivationFn) ?? 'linear', c.inputs[0], c.output, ''),
  flatten: (c) => c.node('Flatten', [c.inputs[0]], [c.output], '', { axis: 1 }),
  batchNorm,
  // Add is binary; Sum takes any number of inputs (both have CPU and CUDA kernels).
  add: (c) => c.node(c.inputs.length === 2 ? 'Add' : 'Sum', c.inputs, [c.output], ''),
  concat: (c) => c.node('Concat', c.inputs, [c.output], '', { axis: 1 }),
};
