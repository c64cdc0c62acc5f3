/**
 * What the sliding-kernel kinds share (conv2d, locallyConnected2d, depthwiseConv2d): the window over the input,
 * the key params in a few characters, and — for conv2d and locallyConnected2d, which take the same params —
 * shapes, tensors, MACs and receptive field. They differ in how many kernels they own and in their kernels.
 */
import type { ImageGeom } from '../../kernels/im2col.js';
import type { LayerDef, ParamSpec, Params, Shape, Tensor } from '../../types.js';
import type { LayerKind } from '../kind.js';
import {
  type Counts,
  fieldLine,
  macsLine,
  paramsLine,
  slidingGeometry,
  type SlidingGeometry,
  windowLines,
} from '../formulas.js';
import { fmtSize, pair, paddingOf, paddingPart, slide, slideField, stridePart, windowOf } from '../geometry.js';
import { msg, type Message } from '../../messages.js';
import { activationPart, activationSpec, paddingSpec, useBiasSpec } from '../specs.js';

export const convParams: readonly ParamSpec[] = [
  {
    name: 'filters',
    label: 'Filters',
    type: 'int',
    min: 1,
    max: 4096,
    initial: 8,
    help: 'How many feature maps the layer outputs',
  },
  { name: 'kernelSize', label: 'Kernel size', type: 'size2', min: 1, max: 64, initial: 3, unit: 'px' },
  { name: 'stride', label: 'Stride', type: 'size2', min: 1, max: 64, default: 1, unit: 'px' },
  paddingSpec,
  useBiasSpec,
  activationSpec,
];

export function convWindow(kind: string, id: string, inputs: Shape[], p: Params) {
  return slide(kind, id, inputs, pair(p.kernelSize), pair(p.stride, [1, 1]), paddingOf(p), 'kernel');
}

export function summarizeConv(p: Params): Message[] {
  return [
    msg('summary.filters', { filters: p.filters as number, kernel: fmtSize(pair(p.kernelSize)) }),
    ...stridePart(pair(p.stride, [1, 1]), [1, 1]),
    paddingPart(paddingOf(p)),
    ...activationPart(p),
  ];
}

/** The window of a conv or locally-connected layer over a batch-first input tensor [N, C, H, W]. */
export function convGeom(x: Tensor, p: Params): ImageGeom {
  const [, c, h, w] = x.shape;
  return { c, h, w, win: windowOf(h, w, pair(p.kernelSize), pair(p.stride, [1, 1]), paddingOf(p)) };
}

/** The counts of a sliding-kernel node from its input [C, H, W], output [F, oh, ow] and params. */
export function countsOf(
  counts: (g: SlidingGeometry, f: number) => Counts,
  input: Shape,
  out: Shape,
  p: Params,
): Counts {
  return counts(slidingGeometry(input, out, pair(p.kernelSize)), out[0]);
}

/** The formula text of a sliding-kernel node (explain.ts). */
export function explainSliding(counts: (g: SlidingGeometry, f: number) => Counts): NonNullable<LayerKind['explain']> {
  return ({ params: p, info, inputField }) => {
    const c = countsOf(counts, info.inputShapes[0], info.outputShape!, p);
    const kernel = pair(p.kernelSize);
    return {
      params: paramsLine(c, p.useBias !== false),
      out: windowLines(info.inputShapes[0], kernel, pair(p.stride, [1, 1]), p),
      macs: macsLine(c),
      receptiveField: fieldLine(inputField, kernel),
    };
  };
}

/**
 * What conv2d and locallyConnected2d share: params, shapes, MACs and receptive field. They differ in how many
 * kernels they own (`weightShape`, `biasShape`, `counts`) and in their kernels.
 */
export function slidingKernelLayer(
  kind: string,
  weightShape: (c: number, kh: number, kw: number, out: Shape) => number[],
  biasShape: (out: Shape) => number[],
  counts: (g: SlidingGeometry, f: number) => Counts,
): Pick<LayerDef, 'params' | 'inputs' | 'summarize' | 'inferShape' | 'tensors' | 'macs' | 'receptiveField'> {
  return {
    params: convParams,
    inputs: { min: 1, max: 1 },
    summarize: summarizeConv,
    inferShape(inputs, p, ctx) {
      const win = convWindow(kind, ctx.id, inputs, p);
      return [p.filters as number, win.out[0], win.out[1]];
    },
    tensors(inputs, out, p) {
      const [c] = inputs[0];
      const [kh, kw] = pair(p.kernelSize);
      const fanIn = c * kh * kw;
      const fanOut = out[0] * kh * kw;
      return [
        { name: 'W', shape: weightShape(c, kh, kw, out), role: 'weight', init: 'he', fanIn, fanOut },
        ...(p.useBias === false
          ? []
          : [{ name: 'b', shape: biasShape(out), role: 'bias' as const, init: 'zeros' as const, fanIn, fanOut }]),
      ];
    },
    macs: (inputs, out, p) => countsOf(counts, inputs[0], out, p).macs.value,
    receptiveField(inputs, p) {
      return slideField(inputs[0], pair(p.kernelSize), pair(p.stride, [1, 1]));
    },
  };
}
