/**
 * locallyConnected2d: like conv2d, but every output position has its own kernel (Keras LocallyConnected2D,
 * implementation 1). Weights = outH·outW·kh·kw·C·F; one bias per output position and filter (outH·outW·F).
 * With "same" or integer padding the input is zero-padded first.
 *
 * Layout: W is [outH·outW, C·kh·kw, F], the patch axis ordered (c, i, j) like ONNX's im2col;
 * b is [F, outH, outW] so it adds straight onto an NCHW output.
 */
import type { LayerDef } from '../types.js';
import { pair, slideField } from './geometry.js';
import { convParams, convWindow, summarizeConv } from './conv2d.js';

export const locallyConnected2d: LayerDef = {
  kind: 'locallyConnected2d',
  label: 'Locally connected 2D',
  category: 'Convolution',
  description: 'Like a convolution, but every position learns its own kernel: no weight sharing, many more weights.',
  params: convParams,
  inputs: { min: 1, max: 1 },
  summarize: summarizeConv,
  inferShape(inputs, p, ctx) {
    const win = convWindow('locallyConnected2d', ctx.id, inputs, p);
    return [p.filters as number, win.out[0], win.out[1]];
  },
  tensors(inputs, out, p) {
    const [c] = inputs[0];
    const [kh, kw] = pair(p.kernelSize);
    const [f, oh, ow] = out;
    const fanIn = c * kh * kw;
    const fanOut = f * kh * kw;
    return [
      { name: 'W', shape: [oh * ow, c * kh * kw, f], role: 'weight', init: 'he', fanIn, fanOut },
      ...(p.useBias === false ? [] : [{ name: 'b', shape: [f, oh, ow], role: 'bias' as const, init: 'zeros' as const, fanIn, fanOut }]),
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
