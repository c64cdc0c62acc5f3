/**
 * Learned weights as pictures: conv filters as small images, and for a locally-connected layer the norm of the
 * kernel at every output position (weight sharing made visible: a convolution's map would be flat).
 * Layouts (TensorSpec): conv2d W [F, C, kh, kw]; locallyConnected2d W [outH·outW, C·kh·kw, F], patch axis (c, i, j).
 */
import type { FloatImage } from './convolve.js';

/** Filter f of a conv W [F, C, kh, kw] as a kh×kw image with C channels (HWC), raw values. */
export function convFilterImage(W: Float32Array, shape: readonly number[], f: number): FloatImage {
  const [, C, kh, kw] = shape;
  const data = new Float32Array(kh * kw * C);
  for (let c = 0; c < C; c++) for (let i = 0; i < kh * kw; i++) data[i * C + c] = W[(f * C + c) * kh * kw + i];
  return { data, height: kh, width: kw, channels: C };
}

/** ‖W[p, :, f]‖₂ for every output position p of a locally-connected W [P, K, F], as an outH×outW image. */
export function lcKernelNorms(
  W: Float32Array,
  outH: number,
  outW: number,
  K: number,
  F: number,
  f: number,
): FloatImage {
  const P = outH * outW;
  if (W.length !== P * K * F) throw new Error(`locally-connected weights hold ${W.length} values, not ${P}·${K}·${F}`);
  const data = new Float32Array(P);
  for (let p = 0; p < P; p++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += W[(p * K + k) * F + f] ** 2;
    data[p] = Math.sqrt(s);
  }
  return { data, height: outH, width: outW, channels: 1 };
}

/** The kernel of filter f at position p of a locally-connected W [P, C·kh·kw, F], channel c, as kh×kw. */
export function lcKernelAt(
  W: Float32Array,
  K: number,
  F: number,
  p: number,
  f: number,
  c: number,
  kh: number,
  kw: number,
): FloatImage {
  const data = new Float32Array(kh * kw);
  for (let i = 0; i < kh * kw; i++) data[i] = W[(p * K + c * kh * kw + i) * F + f];
  return { data, height: kh, width: kw, channels: 1 };
}

/** The mean over positions of filter f's kernels: what one shared (convolution) kernel would average to. */
export function lcMeanKernel(
  W: Float32Array,
  P: number,
  K: number,
  F: number,
  f: number,
  c: number,
  kh: number,
  kw: number,
): FloatImage {
  const data = new Float32Array(kh * kw);
  for (let p = 0; p < P; p++) for (let i = 0; i < kh * kw; i++) data[i] += W[(p * K + c * kh * kw + i) * F + f] / P;
  return { data, height: kh, width: kw, channels: 1 };
}

/** One channel of one sample of an NCHW tensor as an image. */
export function channelImage(data: Float32Array, shape: readonly number[], c: number): FloatImage {
  const [, , h, w] = shape;
  return { data: data.subarray(c * h * w, (c + 1) * h * w), height: h, width: w, channels: 1 };
}
