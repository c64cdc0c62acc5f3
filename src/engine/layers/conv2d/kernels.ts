/**
 * conv2d's forward and backward: one shared kernel per filter slides over the whole input (cross-correlation,
 * as ONNX Conv).
 *
 * Kernels: per sample, GEMMs against the patch matrix of a zero-padded copy of the image, packed straight from
 * it (implicit im2col, kernels/convPack.ts; on the WebAssembly SIMD core the padded image, the packers and the
 * col2im store live in the kernel's memory, kernels/convWasm.ts).
 */
import { activateInPlace, activationBackward } from '../../kernels/activation.js';
import {
  col2imStore,
  padImage,
  patchPacker,
  patchTables,
  patchTransposedPacker,
  unpadAdd,
} from '../../kernels/convPack.js';
import { convWorkspace } from '../../kernels/convWasm.js';
import { gemmWith } from '../../kernels/gemm.js';
import { matrixPacker, matrixStore } from '../../kernels/pack.js';
import { scratch } from '../../kernels/scratch.js';
import type { Params, Tensor } from '../../types.js';
import { activationOf } from '../specs.js';
import { convGeom } from './sliding.js';

/** The forward keeps its input (for the weight gradient) and its activated output (for the activation's derivative). */
export interface ConvCache {
  x: Tensor;
  y: Tensor;
}

/**
 * Forward, per sample: Y_n [F, outH·outW] = W [F, C·kh·kw] · patches(x_n), one GEMM whose B operand is packed
 * straight from the image (implicit im2col) and whose product lands in the NCHW output with the bias; then the
 * activation.
 */
export function convForward(
  inputs: Tensor[],
  wts: Record<string, Float32Array>,
  p: Params,
): { output: Tensor; cache: ConvCache } {
  const x = inputs[0];
  const n = x.shape[0];
  const g = convGeom(x, p);
  const t = patchTables(g);
  const f = p.filters as number;
  const P = g.win.out[0] * g.win.out[1];
  const ckk = g.c * g.win.kernel[0] * g.win.kernel[1];
  const inSize = g.c * g.h * g.w;
  const y = new Float32Array(n * f * P);
  const bias = wts.b;
  const packW = matrixPacker(wts.W, 0, ckk, 1);
  const ws = convWorkspace(t);
  const xp = ws ? ws.xp : scratch('conv.xp', g.c * t.hp * t.wp);
  const packX = ws ? ws.patches : patchPacker(xp, t);
  for (let s = 0; s < n; s++) {
    const o = s * f * P;
    padImage(x.data, s * inSize, t, xp, s === 0);
    gemmWith(f, P, ckk, packW, packX, (blk, ldc, i0, mc, j0, nc, first) => {
      for (let a = 0; a < mc; a++) {
        const dst = o + (i0 + a) * P + j0;
        const src = a * ldc;
        const b = first ? (bias ? bias[i0 + a] : 0) : null;
        if (b === null) for (let q = 0; q < nc; q++) y[dst + q] += blk[src + q];
        else for (let q = 0; q < nc; q++) y[dst + q] = blk[src + q] + b;
      }
    });
  }
  const shape = [n, f, g.win.out[0], g.win.out[1]];
  activateInPlace(activationOf(p), y, shape);
  const output = { shape, data: y };
  return { output, cache: { x, y: output } };
}

/**
 * Backward: dZ = dY ⊙ act′(Y); db += Σ dZ over samples and positions; per sample (dZ_n is a contiguous
 * [F, outH·outW] block), dW += dZ_n · patches(x_n)ᵀ and dx_n += col2im(Wᵀ · dZ_n), both with implicit im2col.
 */
export function convBackward(
  dOut: Tensor,
  cache: ConvCache,
  wts: Record<string, Float32Array>,
  p: Params,
  grads: Record<string, Float32Array>,
  needInput?: readonly boolean[],
): Tensor[] {
  const { x, y } = cache;
  const n = x.shape[0];
  const g = convGeom(x, p);
  const t = patchTables(g);
  const f = p.filters as number;
  const P = g.win.out[0] * g.win.out[1];
  const ckk = g.c * g.win.kernel[0] * g.win.kernel[1];
  const inSize = g.c * g.h * g.w;
  const act = activationOf(p);
  const dz =
    act === 'linear'
      ? dOut.data
      : activationBackward(act, y.data, dOut.data, scratch('conv.dz', dOut.data.length), y.shape);
  if (grads.b) {
    const gb = grads.b;
    for (let s = 0; s < n; s++) {
      for (let fi = 0; fi < f; fi++) {
        let sum = 0;
        for (let q = (s * f + fi) * P, e = q + P; q < e; q++) sum += dz[q];
        gb[fi] += sum;
      }
    }
  }
  const wantDx = needInput?.[0] !== false;
  const dx = new Float32Array(wantDx ? x.data.length : 0);
  const dW = matrixStore(grads.W, 0, ckk, true);
  const packWt = matrixPacker(wts.W, 0, 1, ckk);
  const ws = convWorkspace(t);
  const xp = ws ? ws.xp : scratch('conv.xp', g.c * t.hp * t.wp);
  const dxp = ws ? ws.dxp : scratch('conv.dxp', g.c * t.hp * t.wp);
  const packXt = ws ? ws.patchesT : patchTransposedPacker(xp, t);
  const toDxp = ws ? ws.col2im : col2imStore(dxp, t);
  for (let s = 0; s < n; s++) {
    padImage(x.data, s * inSize, t, xp, s === 0);
    gemmWith(f, ckk, P, matrixPacker(dz, s * f * P, P, 1), packXt, dW);
    if (!wantDx) continue;
    dxp.fill(0);
    gemmWith(ckk, P, f, packWt, matrixPacker(dz, s * f * P, 1, P), toDxp);
    unpadAdd(dxp, t, dx, s * inSize);
  }
  return [{ shape: wantDx ? [...x.shape] : [0], data: dx }];
}
