/**
 * One exporter per layer kind: the ONNX operators (opset 17) that compute exactly what the engine computes.
 * Each writes its nodes through an EmitContext, naming its main node after the document node and any extra
 * node `${id}/<what>` (e.g. `c1/relu`).
 */
import { pair } from '../layers/geometry.js';
import type { ActivationFn } from '../types.js';
import { float, type Attrs } from './builder.js';
import { emitActivation, windowAttrs, withActivation, type EmitContext } from './emitContext.js';
import { emitLocallyConnected } from './locallyConnected.js';

type Exporter = (c: EmitContext) => void;

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
