/**
 * depthwiseConv2d's forward and backward, as direct loops: output channel o = c·M + m slides its own kh×kw kernel
 * over input channel c alone (ONNX Conv with group = C, weight [C·M, 1, kh, kw]). With P the window's top-left
 * corner in the unpadded input (oy·sh − pad_top, ox·sw − pad_left), rows and columns outside the image read zero:
 *   y[n, o, oy, ox] = b[o] + Σ_{i,j} W[o, i, j] · x[n, c, P_y + i, P_x + j]
 * Backward, with dZ = dY ⊙ act′(Y):
 *   db[o] += Σ_{n,oy,ox} dZ;  dW[o, i, j] += Σ_{n,oy,ox} dZ · x[n, c, P_y + i, P_x + j];
 *   dx[n, c, P_y + i, P_x + j] += Σ_m dZ[n, o, oy, ox] · W[o, i, j].
 * A depthwise layer does kh·kw multiply-adds per output value, so loops are as fast as packing a GEMM would be.
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

/** The valid kernel rows (or columns) [k0, k1) of the window starting at `start` along an axis of `size` pixels. */
function taps(start: number, k: number, size: number): [number, number] {
  return [Math.max(0, -start), Math.min(k, size - start)];
}

interface Plane {
  win: Window;
  h: number;
  w: number;
  kh: number;
  kw: number;
}

/** Calls `f(yIndex, xIndex, wIndex)` for every tap of every output position of one (input plane, kernel) pair. */
function eachTap(
  g: Plane,
  yBase: number,
  xBase: number,
  wBase: number,
  f: (yi: number, xi: number, wi: number) => void,
): void {
  const [oh, ow] = g.win.out;
  const [sh, sw] = g.win.stride;
  const [pt, pl] = g.win.padsBegin;
  for (let oy = 0; oy < oh; oy++) {
    const y0 = oy * sh - pt;
    const [i0, i1] = taps(y0, g.kh, g.h);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = ox * sw - pl;
      const [j0, j1] = taps(x0, g.kw, g.w);
      const yi = yBase + oy * ow + ox;
      for (let i = i0; i < i1; i++) {
        const xRow = xBase + (y0 + i) * g.w + x0;
        const wRow = wBase + i * g.kw;
        for (let j = j0; j < j1; j++) f(yi, xRow + j, wRow + j);
      }
    }
  }
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
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < c * m; o++) {
      const yBase = (s * c * m + o) * P;
      if (wts.b) y.fill(wts.b[o], yBase, yBase + P);
      eachTap(
        g,
        yBase,
        (s * c + Math.floor(o / m)) * g.h * g.w,
        o * g.kh * g.kw,
        (yi, xi, wi) => (y[yi] += W[wi] * xd[xi]),
      );
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
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < c * m; o++) {
      const yBase = (s * c * m + o) * P;
      if (grads.b) {
        let sum = 0;
        for (let q = yBase; q < yBase + P; q++) sum += dz[q];
        grads.b[o] += sum;
      }
      const xBase = (s * c + Math.floor(o / m)) * g.h * g.w;
      eachTap(g, yBase, xBase, o * g.kh * g.kw, (yi, xi, wi) => {
        gW[wi] += dz[yi] * xd[xi];
        if (wantDx) dx[xi] += dz[yi] * W[wi];
      });
    }
  }
  return [{ shape: wantDx ? [...x.shape] : [0], data: dx }];
}
