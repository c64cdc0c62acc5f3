/**
 * depthwiseConv2d: every input channel gets its own M kh×kw kernels (the depth multiplier), and each output
 * channel reads one input channel only (MobileNet's depthwise convolution, Howard et al. 2017; ONNX Conv with
 * group = C; PyTorch Conv2d with groups = C). Weights kh·kw·C·M, biases C·M, MACs oh·ow·kh·kw·C·M. Followed by a
 * 1×1 conv2d it is a depthwise separable convolution: a 3×3 one costs 9·C + C·F weights against 9·C·F.
 *
 * W [C·M, 1, kh, kw] (ONNX Conv's grouped layout: output channel c·M + m reads input channel c), b [C·M].
 * Forward and backward in kernels.ts, ONNX in onnx.ts, the compiled training step in compiled.ts.
 */
import type { ParamSpec, Params } from '../../types.js';
import { depthwiseCounts, type SlidingGeometry } from '../formulas.js';
import { fmtSize, pair, paddingOf, paddingPart, slideField, stridePart } from '../geometry.js';
import { msg, type Message } from '../../messages.js';
import type { LayerKind } from '../kind.js';
import { activationPart, activationSpec, paddingSpec, useBiasSpec } from '../specs.js';
import { convWindow, countsOf, explainSliding } from '../conv2d/sliding.js';
import { depthwiseConv2dEmitter } from './compiled.js';
import { depthwiseBackward, depthwiseForward, multiplierOf, type DepthwiseCache } from './kernels.js';
import { depthwiseConv2dOnnx } from './onnx.js';
import { depthwiseConv2dPy } from './pytorch.js';

const params: readonly ParamSpec[] = [
  { name: 'kernelSize', label: 'Kernel size', type: 'size2', min: 1, max: 64, initial: 3, unit: 'px' },
  { name: 'stride', label: 'Stride', type: 'size2', min: 1, max: 64, default: 1, unit: 'px' },
  paddingSpec,
  {
    name: 'depthMultiplier',
    label: 'Depth multiplier',
    type: 'int',
    min: 1,
    max: 256,
    default: 1,
    help: 'Kernels per input channel: the layer outputs channels × this many feature maps',
  },
  useBiasSpec,
  activationSpec,
];

/** The counts with F = C·M output channels, i.e. M = F / C kernels per input channel. */
const counts = (g: SlidingGeometry, f: number) => depthwiseCounts(g, f / g.c);

function summarize(p: Params): Message[] {
  const m = multiplierOf(p);
  const kernel = fmtSize(pair(p.kernelSize));
  return [
    m > 1 ? msg('summary.perChannelTimes', { kernel, multiplier: m }) : msg('summary.perChannel', { kernel }),
    ...stridePart(pair(p.stride, [1, 1]), [1, 1]),
    paddingPart(paddingOf(p)),
    ...activationPart(p),
  ];
}

export const depthwiseConv2d: LayerKind<DepthwiseCache> = {
  kind: 'depthwiseConv2d',
  label: 'Depthwise conv 2D',
  category: 'Convolution',
  description:
    'One small kernel per input channel, each reading its own channel only: far fewer weights than a convolution.',
  params,
  inputs: { min: 1, max: 1 },
  summarize,
  inferShape(inputs, p, ctx) {
    const win = convWindow('depthwiseConv2d', ctx.id, inputs, p);
    return [inputs[0][0] * multiplierOf(p), win.out[0], win.out[1]];
  },
  tensors(inputs, out, p) {
    const [kh, kw] = pair(p.kernelSize);
    // Each output channel reads kh·kw values of one channel; each input value feeds M·kh·kw outputs.
    const fanIn = kh * kw;
    const fanOut = multiplierOf(p) * kh * kw;
    return [
      { name: 'W', shape: [out[0], 1, kh, kw], role: 'weight', init: 'he', fanIn, fanOut },
      ...(p.useBias === false
        ? []
        : [{ name: 'b', shape: [out[0]], role: 'bias' as const, init: 'zeros' as const, fanIn, fanOut }]),
    ];
  },
  macs: (inputs, out, p) => countsOf(counts, inputs[0], out, p).macs.value,
  receptiveField: (inputs, p) => slideField(inputs[0], pair(p.kernelSize), pair(p.stride, [1, 1])),
  forward: depthwiseForward,
  backward: depthwiseBackward,
  explain: explainSliding(counts),
  onnx: depthwiseConv2dOnnx,
  compiled: depthwiseConv2dEmitter,
  pytorch: depthwiseConv2dPy,
};
