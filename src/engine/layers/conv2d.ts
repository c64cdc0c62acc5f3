/** conv2d: one shared kernel per filter slides over the whole input (cross-correlation, as ONNX Conv). */
import type { LayerDef, ParamSpec, Params, Shape } from '../types.js';
import { fmtPadding, fmtSize, pair, paddingOf, slide, slideField } from './geometry.js';
import { activationSpec, activationSuffix, paddingSpec, useBiasSpec } from './specs.js';

export const convParams: readonly ParamSpec[] = [
  { name: 'filters', label: 'Filters', type: 'int', min: 1, max: 4096, initial: 8, help: 'How many feature maps the layer outputs' },
  { name: 'kernelSize', label: 'Kernel size', type: 'size2', min: 1, max: 64, initial: 3, unit: 'px' },
  { name: 'stride', label: 'Stride', type: 'size2', min: 1, max: 64, default: 1, unit: 'px' },
  paddingSpec,
  useBiasSpec,
  activationSpec,
];

export function convWindow(kind: string, id: string, inputs: Shape[], p: Params) {
  return slide(kind, id, inputs, pair(p.kernelSize), pair(p.stride, [1, 1]), paddingOf(p), 'kernel');
}

export function summarizeConv(p: Params): string {
  const stride = pair(p.stride, [1, 1]);
  const strideText = stride[0] === 1 && stride[1] === 1 ? '' : `, stride ${stride[0] === stride[1] ? stride[0] : fmtSize(stride)}`;
  return `${p.filters} @ ${fmtSize(pair(p.kernelSize))}${strideText}, ${fmtPadding(paddingOf(p))}${activationSuffix(p)}`;
}

export const conv2d: LayerDef = {
  kind: 'conv2d',
  label: 'Conv 2D',
  category: 'Convolution',
  description: 'Slides the same small kernels over every position of the image: few weights, shared everywhere.',
  params: convParams,
  inputs: { min: 1, max: 1 },
  summarize: summarizeConv,
  inferShape(inputs, p, ctx) {
    const win = convWindow('conv2d', ctx.id, inputs, p);
    return [p.filters as number, win.out[0], win.out[1]];
  },
  tensors(inputs, out, p) {
    const [c] = inputs[0];
    const [kh, kw] = pair(p.kernelSize);
    const f = p.filters as number;
    const fanIn = c * kh * kw;
    const fanOut = f * kh * kw;
    return [
      { name: 'W', shape: [f, c, kh, kw], role: 'weight', init: 'he', fanIn, fanOut },
      ...(p.useBias === false ? [] : [{ name: 'b', shape: [f], role: 'bias' as const, init: 'zeros' as const, fanIn, fanOut }]),
    ];
  },
  macs(inputs, out, p) {
    const [kh, kw] = pair(p.kernelSize);
    return out[1] * out[2] * kh * kw * inputs[0][0] * out[0];
  },
  receptiveField(inputs, p) {
    return slideField(inputs[0], pair(p.kernelSize), pair(p.stride, [1, 1]));
  },
};
