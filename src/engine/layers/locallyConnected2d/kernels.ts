/**
 * locallyConnected2d's forward and backward. Like conv2d, but every output position has its own kernel (Keras
 * LocallyConnected2D, implementation 1). Weights = outH·outW·kh·kw·C·F; one bias per output position and filter
 * (outH·outW·F). With "same" or integer padding the input is zero-padded first.
 *
 * Layout: W is [outH·outW, C·kh·kw, F], the patch axis ordered (c, i, j) like ONNX's im2col;
 * b is [F, outH, outW] so it adds straight onto an NCHW output.
 */
import { activateInPlace, activationBackward } from '../../kernels/activation.js';
import { gemmWith } from '../../kernels/gemm.js';
import { matrixPacker, matrixStore } from '../../kernels/pack.js';
import { col2im, im2col } from '../../kernels/im2col.js';
import { chunkOf, scratch } from '../../kernels/scratch.js';
import type { Params, Tensor } from '../../types.js';
import { convGeom } from '../conv2d/sliding.js';
import { activationOf } from '../specs.js';

export interface LcCache {
  x: Tensor;
  y: Tensor;
}

/**
 * Forward, per chunk of samples: patches in the layout [position][sample][C·kh·kw], then one GEMM per output
 * position, Y_pᵀ [F, samples] = W_pᵀ · patches_pᵀ, whose store writes y[n, f, p] with b[f, p] added (the batch
 * is the GEMM's wide dimension, so few filters waste little of the 8-wide SIMD panels); then the activation.
 */
export function lcForward(
  inputs: Tensor[],
  wts: Record<string, Float32Array>,
  p: Params,
): { output: Tensor; cache: LcCache } {
  const x = inputs[0];
  const n = x.shape[0];
  const g = convGeom(x, p);
  const f = p.filters as number;
  const P = g.win.out[0] * g.win.out[1];
  const ckk = g.c * g.win.kernel[0] * g.win.kernel[1];
  const inSize = g.c * g.h * g.w;
  const y = new Float32Array(n * f * P);
  const bias = wts.b;
  const chunk = chunkOf(n, ckk * P);
  const col = scratch('lc.col', ckk * P * chunk);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const nb = Math.min(chunk, n - n0);
    for (let s = 0; s < nb; s++) im2col(x.data, (n0 + s) * inSize, g, col, s * ckk, 1, nb * ckk);
    for (let q = 0; q < P; q++) {
      // W_pᵀ(f, k) = W[q, k, f]; patches_pᵀ column s, row k = col[q, s, k].
      const packW = matrixPacker(wts.W, q * ckk * f, 1, f);
      const packCol = matrixPacker(col, q * nb * ckk, ckk, 1);
      gemmWith(f, nb, ckk, packW, packCol, (blk, ldc, i0, mc, j0, nc, first) => {
        for (let a = 0; a < mc; a++) {
          const fi = i0 + a;
          const b = bias ? bias[fi * P + q] : 0;
          for (let c = 0; c < nc; c++) {
            const idx = ((n0 + j0 + c) * f + fi) * P + q;
            y[idx] = first ? blk[a * ldc + c] + b : y[idx] + blk[a * ldc + c];
          }
        }
      });
    }
  }
  const shape = [n, f, g.win.out[0], g.win.out[1]];
  activateInPlace(activationOf(p), y, shape);
  const output = { shape, data: y };
  return { output, cache: { x, y: output } };
}

/**
 * Backward: dZ = dY ⊙ act′(Y); db[f, p] += Σ_n dZ; per chunk and position, dW_p += patches_pᵀ · dZ_p and
 * dPatches_p = dZ_p · W_pᵀ, folded back onto the input by col2im. dZ_p [samples, F] is read in place from the
 * NCHW gradient (element (n, f) at dZ[(n·F + f)·P + p]) by the GEMM's packers.
 */
export function lcBackward(
  dOut: Tensor,
  cache: LcCache,
  wts: Record<string, Float32Array>,
  p: Params,
  grads: Record<string, Float32Array>,
  needInput?: readonly boolean[],
): Tensor[] {
  const { x, y } = cache;
  const n = x.shape[0];
  const g = convGeom(x, p);
  const f = p.filters as number;
  const P = g.win.out[0] * g.win.out[1];
  const ckk = g.c * g.win.kernel[0] * g.win.kernel[1];
  const inSize = g.c * g.h * g.w;
  const act = activationOf(p);
  const dz =
    act === 'linear'
      ? dOut.data
      : activationBackward(act, y.data, dOut.data, scratch('lc.dz', dOut.data.length), y.shape);
  if (grads.b) {
    const gb = grads.b;
    for (let s = 0; s < n; s++) {
      const o = s * f * P;
      for (let i = 0; i < f * P; i++) gb[i] += dz[o + i];
    }
  }
  const wantDx = needInput?.[0] !== false;
  const dx = new Float32Array(wantDx ? x.data.length : 0);
  const chunk = chunkOf(n, ckk * P);
  const col = scratch('lc.col', ckk * P * chunk);
  const dcol = scratch('lc.dcol', wantDx ? ckk * P * chunk : 0);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const nb = Math.min(chunk, n - n0);
    for (let s = 0; s < nb; s++) im2col(x.data, (n0 + s) * inSize, g, col, s * ckk, 1, nb * ckk);
    for (let q = 0; q < P; q++) {
      const dzOff = n0 * f * P + q;
      // dW_p [C·kh·kw, F] += patches_pᵀ · dZ_p: A(k, s) = col[q, s, k]; B(s, f) = dZ[(n0 + s)·F + f, q].
      gemmWith(
        ckk,
        f,
        nb,
        matrixPacker(col, q * nb * ckk, 1, ckk),
        matrixPacker(dz, dzOff, P, f * P),
        matrixStore(grads.W, q * ckk * f, f, true),
      );
      // dPatches_p [samples, C·kh·kw] = dZ_p · W_pᵀ: A(s, f) = dZ[...]; B(f, k) = W[q, k, f].
      if (wantDx)
        gemmWith(
          nb,
          ckk,
          f,
          matrixPacker(dz, dzOff, f * P, P),
          matrixPacker(wts.W, q * ckk * f, f, 1),
          matrixStore(dcol, q * nb * ckk, ckk, false),
        );
    }
    if (wantDx) for (let s = 0; s < nb; s++) col2im(dcol, s * ckk, 1, nb * ckk, g, dx, (n0 + s) * inSize);
  }
  return [{ shape: wantDx ? [...x.shape] : [0], data: dx }];
}
