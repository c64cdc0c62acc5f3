/**
 * depthwiseConv2d in the compiled graph. Forward: Conv with group = C (bias inside the operator), then the
 * activation. Backward, for Y = X ⋆ W grouped by channel, with strides s and pads (pb, pe):
 *   dX = ConvTranspose(dZ, W) with group = C and the forward's strides and pads: its weight [C·M, 1, kh, kw] is
 *        read as [input C·M, output 1 per group], so each input channel collects from its own M kernels, and
 *        output_padding = (H + pb + pe − k) mod s restores the rows the forward's rounding never read;
 *   dW = the swapped-roles Conv of conv2d/compiled.ts, grouped: X as [1, C·N, H, W] (channel c's N images side by
 *        side), dZ as the kernel [C·M, N, oH, oW], group = C, stride 1 and dilation s; output channel c·M + m
 *        sums over the N images of channel c, giving [1, C·M, k′h, k′w] with k′ ≥ k, sliced to k and reshaped;
 *   db = ReduceSum(dZ) over N, H, W.
 */
import { activationForward } from '../../compile/activations.js';
import { preGradient, type KindEmitter } from '../../compile/kinds.js';
import { onnxPads } from '../geometry.js';
import { convWindowOf, outputPadding } from '../conv2d/compiled.js';
import { activationOf } from '../specs.js';

export const depthwiseConv2dEmitter: KindEmitter = {
  forward(c, [x]) {
    const win = convWindowOf(c);
    const [channels] = c.info.inputShapes[0];
    const ins = [x, c.tensor('W')];
    if (c.info.tensors.some((t) => t.name === 'b')) ins.push(c.tensor('b'));
    const act = activationOf(c.params);
    const pre = c.e.op('Conv', ins, act === 'linear' ? c.id : `${c.id}/pre`, {
      kernel_shape: [...win.kernel],
      strides: [...win.stride],
      pads: onnxPads(win),
      dilations: [1, 1],
      group: channels,
    });
    return { output: activationForward(c.e, act, pre, c.id), pre, saved: {} };
  },
  backward(c, a) {
    const e = c.e;
    const [x] = a.inputs;
    const [channels, h, w] = c.info.inputShapes[0];
    const cm = c.info.outputShape![0];
    const win = convWindowOf(c);
    const [kh, kw] = win.kernel;
    const dz = preGradient(c, a);
    if (c.info.tensors.some((t) => t.name === 'b')) a.grad('b', e.reduceSum(dz, [0, 2, 3], `${c.id}/db`));
    const xT = e.reshape(e.transpose(x, [1, 0, 2, 3], `${c.id}/xCN`), [1, -1, h, w], `${c.id}/xT`);
    const dzT = e.transpose(dz, [1, 0, 2, 3], `${c.id}/dzT`);
    const g = e.op('Conv', [xT, dzT], `${c.id}/dWT`, {
      strides: [1, 1],
      dilations: [...win.stride],
      pads: onnxPads(win),
      group: channels,
    });
    const kh2 = h + win.padsBegin[0] + win.padsEnd[0] - (win.out[0] - 1) * win.stride[0];
    const kw2 = w + win.padsBegin[1] + win.padsEnd[1] - (win.out[1] - 1) * win.stride[1];
    const trimmed = kh2 === kh && kw2 === kw ? g : e.slice(g, [0, 0], [kh, kw], [2, 3], `${c.id}/dWTk`);
    a.grad('W', e.reshape(trimmed, [cm, 1, kh, kw], `${c.id}/dW`));
    if (!a.needDx[0]) return [null];
    const dx = e.op('ConvTranspose', [dz, c.tensor('W')], `${c.id}/dx`, {
      kernel_shape: [kh, kw],
      strides: [...win.stride],
      pads: onnxPads(win),
      output_padding: outputPadding(win, h, w),
      dilations: [1, 1],
      group: channels,
    });
    return [dx];
  },
};
