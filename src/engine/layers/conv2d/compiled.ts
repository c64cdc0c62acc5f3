/**
 * conv2d in the compiled graph. Forward: Conv (bias inside the operator) then the activation.
 * Backward, for Y = X ⋆ W with strides s and pads (pb, pe) (STACK.md, "A training step as an ONNX graph"):
 *   dX = ConvTranspose(dZ, W) with the same strides and pads and output_padding = (H + pb + pe − k) mod s, the
 *        rows the forward's rounding down never read (stride 1 with symmetric "same" pads: a plain Conv of dZ
 *        with W flipped and transposed, which is faster);
 *   dW = Conv(Xᵀ, dZᵀ) with Xᵀ = X as [C, N, H, W] and dZᵀ = dZ as [F, N, oH, oW] used as the kernel, stride 1
 *        and dilation s (the roles of stride and dilation swap), giving [C, F, k′h, k′w] with k′ ≥ k; the extra
 *        rows come from end padding the forward never reached, so Slice to k and Transpose back to [F, C, kh, kw];
 *   db = ReduceSum(dZ) over N, H, W.
 * With many input channels the weight gradient is instead one GEMM per kernel offset (convWeightGradByOffsets).
 */
import { onnxPads, pair, paddingOf, windowOf, type Window } from '../geometry.js';
import { activationForward } from '../../compile/activations.js';
import type { Emitter } from '../../compile/emit.js';
import { preGradient, type KindEmitter, type LayerCtx } from '../../compile/kinds.js';
import { activationOf } from '../specs.js';

export function convWindowOf(c: LayerCtx): Window {
  const [, h, w] = c.info.inputShapes[0];
  return windowOf(h, w, pair(c.params.kernelSize), pair(c.params.stride, [1, 1]), paddingOf(c.params));
}

/** ConvTranspose's output_padding so that its output is exactly H × W again. */
export function outputPadding(win: Window, h: number, w: number): [number, number] {
  return [
    (h + win.padsBegin[0] + win.padsEnd[0] - win.kernel[0]) % win.stride[0],
    (w + win.padsBegin[1] + win.padsEnd[1] - win.kernel[1]) % win.stride[1],
  ];
}

/**
 * The weight gradient of a cross-correlation, [F, C, kh, kw], by the swapped-roles Conv described above.
 * `x` is [N, C, H, W], `dz` is [N, F, oH, oW].
 */
export function convWeightGrad(
  e: Emitter,
  base: string,
  x: string,
  dz: string,
  win: Window,
  cIn: number,
  h: number,
  w: number,
): string {
  // With one channel, [N, 1, H, W] → [1, N, H, W] is a reshape (no data movement).
  const xT = cIn === 1 ? e.reshape(x, [1, -1, h, w], `${base}/xT`) : e.transpose(x, [1, 0, 2, 3], `${base}/xT`);
  const dzT = e.transpose(dz, [1, 0, 2, 3], `${base}/dzT`);
  const g = e.op('Conv', [xT, dzT], `${base}/dWT`, {
    strides: [1, 1],
    dilations: [...win.stride],
    pads: onnxPads(win),
  });
  const kh = h + win.padsBegin[0] + win.padsEnd[0] - (win.out[0] - 1) * win.stride[0];
  const kw = w + win.padsBegin[1] + win.padsEnd[1] - (win.out[1] - 1) * win.stride[1];
  const trimmed =
    kh === win.kernel[0] && kw === win.kernel[1]
      ? g
      : e.slice(g, [0, 0], [win.kernel[0], win.kernel[1]], [2, 3], `${base}/dWTk`);
  return e.transpose(trimmed, [1, 0, 2, 3], `${base}/dW`);
}

/**
 * The same weight gradient as GEMMs over shifted views, for layers with many input channels, where the
 * swapped-roles Conv becomes a thin matrix product (its output has only kh·kw columns per channel pair) and
 * runs several times slower than the forward convolution. With X in NHWC, zero-padded:
 *   dW[:, :, i, j] = dZᵀ · X(i, j),  dZᵀ = dZ as [F, N·oH·oW],  X(i, j) = Xpad[:, i :: s, j :: s, :] as [N·oH·oW, C],
 * one [F × N·P] · [N·P × C] product per kernel offset (i, j); the kh·kw results stack into [kh·kw, F, C] and
 * transpose to [F, C, kh, kw]. Extra memory: one padded NHWC copy of X and one offset view at a time.
 */
export function convWeightGradByOffsets(
  e: Emitter,
  base: string,
  x: string,
  dz: string,
  win: Window,
  cIn: number,
  f: number,
  h: number,
  w: number,
): string {
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [oh, ow] = win.out;
  // NHWC; with one channel that is a reshape (no data movement).
  let xp = cIn === 1 ? e.reshape(x, [-1, h, w, 1], `${base}/xNHWC`) : e.transpose(x, [0, 2, 3, 1], `${base}/xNHWC`);
  const pads = [0, win.padsBegin[0], win.padsBegin[1], 0, 0, win.padsEnd[0], win.padsEnd[1], 0];
  if (pads.some((p) => p > 0)) xp = e.op('Pad', [xp, e.ints(pads)], `${base}/xpad`, { mode: 'constant' });
  const dzT = e.reshape(e.transpose(dz, [1, 0, 2, 3], `${base}/dzFN`), [f, -1], `${base}/dzT`);
  const parts: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const view = e.op(
        'Slice',
        [xp, e.ints([i, j]), e.ints([i + sh * (oh - 1) + 1, j + sw * (ow - 1) + 1]), e.ints([1, 2]), e.ints([sh, sw])],
        `${base}/x${i}${j}`,
      );
      const g = e.op('Gemm', [dzT, e.reshape(view, [-1, cIn], `${base}/x${i}${j}r`)], `${base}/dW${i}${j}`, {});
      parts.push(e.reshape(g, [1, f, cIn], `${base}/dW${i}${j}u`));
    }
  }
  const stacked = parts.length === 1 ? parts[0] : e.op('Concat', parts, `${base}/dWstack`, { axis: 0 });
  return e.reshape(e.transpose(stacked, [1, 2, 0], `${base}/dWFCk`), [f, cIn, kh, kw], `${base}/dW`);
}

/**
 * Which weight-gradient form is faster, measured on onnxruntime's CPU provider at batch 64 (per-offset GEMMs
 * against the swapped-roles Conv): C = 8 1.36 against 2.81 ms, C = 16 7.7 against 29 ms, C = 64 29 against
 * 95 ms; examples/conv-stack's C = 5 (3×3 on 32×32) a 35 against 40 ms step. Few channels with many offsets
 * favour the swapped Conv: LeNet's C = 6 (5×5 on 14×14) 1.07 against 1.25 ms, and LeNet's C = 1 (5×5 on 28×28),
 * where the 25 offsets' Slice, Gemm and Reshape nodes cost 2.3 ms of a whole step against 0.67 ms for the one
 * Conv (onnxruntime's profiler, 2 threads; whole LeNet-5 steps 13,264 against 12,966 samples/s on one thread,
 * 14,050 against 11,492 on two, bench/train-compiled.ts).
 */
const useOffsets = (cIn: number, kernel: [number, number]) => cIn >= 8 || (cIn > 1 && kernel[0] * kernel[1] <= 9);

export const conv2dEmitter: KindEmitter = {
  forward(c, [x]) {
    const win = convWindowOf(c);
    const ins = [x, c.tensor('W')];
    if (c.info.tensors.some((t) => t.name === 'b')) ins.push(c.tensor('b'));
    const act = activationOf(c.params);
    const pre = c.e.op('Conv', ins, act === 'linear' ? c.id : `${c.id}/pre`, {
      kernel_shape: [...win.kernel],
      strides: [...win.stride],
      pads: onnxPads(win),
      dilations: [1, 1],
      group: 1,
    });
    return { output: activationForward(c.e, act, pre, c.id), pre, saved: {} };
  },
  backward(c, a) {
    const e = c.e;
    const [x] = a.inputs;
    const [cIn, h, w] = c.info.inputShapes[0];
    const win = convWindowOf(c);
    const dz = preGradient(c, a);
    if (c.info.tensors.some((t) => t.name === 'b')) a.grad('b', e.reduceSum(dz, [0, 2, 3], `${c.id}/db`));
    const route =
      c.options.convWeightGrad === 'auto'
        ? useOffsets(cIn, win.kernel)
          ? 'offsets'
          : 'swapped'
        : c.options.convWeightGrad;
    a.grad(
      'W',
      route === 'offsets'
        ? convWeightGradByOffsets(e, c.id, x, dz, win, cIn, c.info.outputShape![0], h, w)
        : convWeightGrad(e, c.id, x, dz, win, cIn, h, w),
    );
    if (!a.needDx[0]) return [null];
    const [kh, kw] = win.kernel;
    const samePads = [...win.padsBegin, ...win.padsEnd];
    if (
      win.stride[0] === 1 &&
      win.stride[1] === 1 &&
      samePads.every((v, i) => v === ((i % 2 === 0 ? kh : kw) - 1) / 2)
    ) {
      // Stride 1 with "same" symmetric padding: the input gradient is the forward Conv of dZ with W flipped in
      // space and its F, C axes swapped — a forward convolution, which onnxruntime runs faster than
      // ConvTranspose here (1.74 against 2.21 ms for 5 channels 3×3 on 32×32, 12.7 against 14.1 ms for 64).
      const flipped = e.op(
        'Slice',
        [c.tensor('W'), e.ints([-1, -1]), e.ints([-kh - 1, -kw - 1]), e.ints([2, 3]), e.ints([-1, -1])],
        `${c.id}/Wflip`,
      );
      const wT = e.transpose(flipped, [1, 0, 2, 3], `${c.id}/WflipT`);
      return [
        e.op('Conv', [dz, wT], `${c.id}/dx`, {
          kernel_shape: [kh, kw],
          strides: [1, 1],
          pads: samePads,
          dilations: [1, 1],
          group: 1,
        }),
      ];
    }
    const dx = e.op('ConvTranspose', [dz, c.tensor('W')], `${c.id}/dx`, {
      kernel_shape: [...win.kernel],
      strides: [...win.stride],
      pads: onnxPads(win),
      output_padding: outputPadding(win, h, w),
      dilations: [1, 1],
      group: 1,
    });
    return [dx];
  },
};
