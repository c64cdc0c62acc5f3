/**
 * depthwiseConv2d's forward and backward, as direct loops: output channel o = c·M + m slides its own kh×kw kernel
 * over input channel c alone (ONNX Conv with group = C, weight [C·M, 1, kh, kw]). With P the window's top-left
 * corner in the unpadded input (oy·sh − pad_top, ox·sw − pad_left), rows and columns outside the image read zero:
 *   y[n, o, oy, ox] = b[o] + Σ_{i,j} W[o, i, j] · x[n, c, P_y + i, P_x + j]
 * Backward, with dZ = dY ⊙ act′(Y):
 *   db[o] += Σ_{n,oy,ox} dZ;  dW[o, i, j] += Σ_{n,oy,ox} dZ · x[n, c, P_y + i, P_x + j];
 *   dx[n, c, P_y + i, P_x + j] += Σ_m dZ[n, o, oy, ox] · W[o, i, j].
 * Each output value is only kh·kw multiply-adds over one channel (a GEMM per channel would be kh·kw deep), so
 * these are plain loops over the valid taps of each window.
 */
import { activateInPlace, activationBackward } from '../../kernels/activation.js';
import { scratch } from '../../kernels/scratch.js';
import type { Params, Tensor } from '../../types.js';
import type { Window } from '../geometry.js';
import { activationOf } from '../specs.js';
import { convGeom } from '../conv2d/sliding.js';

/** The forward keeps its input (for the weight gradient) and its activated output (for the activation's derivative). */
export interface DepthwiseCache {
  x: Tensor;
  y: Tensor;
}

export const multiplierOf = (p: Params) => (p.depthMultiplier as number | undefined) ?? 1;

interface Plane {
  win: Window;
  h: number;
  w: number;
  kh: number;
  kw: number;
}

function planeOf(x: Tensor, p: Params): Plane {
  const g = convGeom(x, p);
  return { win: g.win, h: g.h, w: g.w, kh: g.win.kernel[0], kw: g.win.kernel[1] };
}

export function depthwiseForward(
  inputs: Tensor[],
  wts: Record<string, Float32Array>,
  p: Params,
): { output: Tensor; cache: DepthwiseCache } {
  const x = inputs[0];
  const [n, c] = x.shape;
  const m = multiplierOf(p);
  const g = planeOf(x, p);
  const P = g.win.out[0] * g.win.out[1];
  const y = new Float32Array(n * c * m * P);
  const W = wts.W;
  const xd = x.data;
  const [oh, ow] = g.win.out;
  const [sh, sw] = g.win.stride;
  const [pt, pl] = g.win.padsBegin;
  const { h, w, kh, kw } = g;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < c * m; o++) {
      const xBase = (s * c + Math.floor(o / m)) * h * w;
      const wBase = o * kh * kw;
      const b = wts.b ? wts.b[o] : 0;
      let yi = (s * c * m + o) * P;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * sh - pt;
        const i0 = Math.max(0, -y0);
        const i1 = Math.min(kh, h - y0);
        for (let ox = 0; ox < ow; ox++, yi++) {
          const x0 = ox * sw - pl;
          const j0 = Math.max(0, -x0);
          const j1 = Math.min(kw, w - x0);
          let sum = b;
          for (let i = i0; i < i1; i++) {
            const xRow = xBase + (y0 + i) * w + x0;
            const wRow = wBase + i * kw;
            for (let j = j0; j < j1; j++) sum += W[wRow + j] * xd[xRow + j];
          }
          y[yi] = sum;
        }
      }
    }
  }
  const shape = [n, c * m, g.win.out[0], g.win.out[1]];
  activateInPlace(activationOf(p), y, shape);
  const output = { shape, data: y };
  return { output, cache: { x, y: output } };
}

export function depthwiseBackward(
  dOut: Tensor,
  cache: DepthwiseCache,
  wts: Record<string, Float32Array>,
  p: Params,
  grads: Record<string, Float32Array>,
  needInput?: readonly boolean[],
): Tensor[] {
  const { x, y } = cache;
  const [n, c] = x.shape;
  const m = multiplierOf(p);
  const g = planeOf(x, p);
  const P = g.win.out[0] * g.win.out[1];
  const act = activationOf(p);
  const dz =
    act === 'linear'
      ? dOut.data
      : activationBackward(act, y.data, dOut.data, scratch('depthwise.dz', dOut.data.length), y.shape);
  const wantDx = needInput?.[0] !== false;
  const dx = new Float32Array(wantDx ? x.data.length : 0);
  const W = wts.W;
  const gW = grads.W;
  const xd = x.data;
  const [oh, ow] = g.win.out;
  const [sh, sw] = g.win.stride;
  const [pt, pl] = g.win.padsBegin;
  const { h, w, kh, kw } = g;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < c * m; o++) {
      const xBase = (s * c + Math.floor(o / m)) * h * w;
      const wBase = o * kh * kw;
      let yi = (s * c * m + o) * P;
      let db = 0;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * sh - pt;
        const i0 = Math.max(0, -y0);
        const i1 = Math.min(kh, h - y0);
        for (let ox = 0; ox < ow; ox++, yi++) {
          const d = dz[yi];
          db += d;
          const x0 = ox * sw - pl;
          const j0 = Math.max(0, -x0);
          const j1 = Math.min(kw, w - x0);
          for (let i = i0; i < i1; i++) {
            const xRow = xBase + (y0 + i) * w + x0;
            const wRow = wBase + i * kw;
            for (let j = j0; j < j1; j++) {
              gW[wRow + j] += d * xd[xRow + j];
              if (wantDx) dx[xRow + j] += d * W[wRow + j];
            }
          }
        }
      }
      if (grads.b) grads.b[o] += db;
    }
  }
  return [{ shape: wantDx ? [...x.shape] : [0], data: dx }];
}
