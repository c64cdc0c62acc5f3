/**
 * conv2d: one shared kernel per filter slides over the whole input (cross-correlation, as ONNX Conv).
 * W [F, C, kh, kw] (ONNX Conv), b [F]. Forward and backward in kernels.ts, ONNX in onnx.ts, the compiled
 * training step in compiled.ts.
 */
import { convCounts } from '../formulas.js';
import type { LayerKind } from '../kind.js';
import { conv2dEmitter } from './compiled.js';
import { convBackward, convForward, type ConvCache } from './kernels.js';
import { conv2dOnnx } from './onnx.js';
import { conv2dPy } from './pytorch.js';
import { explainSliding, slidingKernelLayer } from './sliding.js';

export const conv2d: LayerKind<ConvCache> = {
  kind: 'conv2d',
  label: 'Conv 2D',
  category: 'Convolution',
  description: 'Slides the same small kernels over every position of the image: few weights, shared everywhere.',
  ...slidingKernelLayer(
    'conv2d',
    (c, kh, kw, out) => [out[0], c, kh, kw],
    (out) => [out[0]],
    convCounts,
  ),
  forward: convForward,
  backward: convBackward,
  explain: explainSliding(convCounts),
  onnx: conv2dOnnx,
  compiled: conv2dEmitter,
  pytorch: conv2dPy,
};
