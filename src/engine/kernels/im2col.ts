/**
 * im2col / col2im for one image, used by locallyConnected2d (conv2d packs patches straight into its GEMM instead,
 * convPack.ts), with caller-chosen output strides so the same loops fill the conv layout
 * (rows = patch element (c, i, j), columns = output position: sK = columns, sP = 1) and the locally-connected
 * layout ([position][sample][patch element]: sK = 1, sP = N·C·kh·kw).
 *
 * Patch element k = (c·kh + i)·kw + j reads input pixel (oy·sh − padTop + i, ox·sw − padLeft + j), or zero when
 * that falls in the padding (ONNX Conv's zero padding). col2im is the adjoint: it adds each column entry back
 * onto the pixel it was read from, which is exactly the input gradient of im2col.
 */
import type { Window } from '../layers/geometry.js';

export interface ImageGeom {
  c: number;
  h: number;
  w: number;
  win: Window;
}

/** The first and one-past-last output x whose input x lies inside [0, w) for kernel column j. */
function validRange(j: number, w: number, sw: number, pl: number, ow: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pl - j) / sw));
  const hi = Math.min(ow, Math.ceil((w + pl - j) / sw));
  return [lo, Math.max(lo, hi)];
}

export function im2col(
  x: Float32Array,
  xOff: number,
  g: ImageGeom,
  col: Float32Array,
  colOff: number,
  sK: number,
  sP: number,
): void {
  const { c, h, w, win } = g;
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [pt, pl] = win.padsBegin;
  const [oh, ow] = win.out;
  let k = 0;
  for (let ch = 0; ch < c; ch++) {
    const xc = xOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, k++) {
        const [lo, hi] = validRange(j, w, sw, pl, ow);
        const kBase = colOff + k * sK;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - pt + i;
          let d = kBase + oy * ow * sP;
          if (iy < 0 || iy >= h) {
            for (let ox = 0; ox < ow; ox++, d += sP) col[d] = 0;
            continue;
          }
          for (let ox = 0; ox < lo; ox++, d += sP) col[d] = 0;
          let s = xc + iy * w + lo * sw - pl + j;
          for (let ox = lo; ox < hi; ox++, d += sP, s += sw) col[d] = x[s];
          for (let ox = hi; ox < ow; ox++, d += sP) col[d] = 0;
        }
      }
    }
  }
}

/** dx[xOff..] += col2im(col): the adjoint of im2col with the same strides. */
export function col2im(
  col: Float32Array,
  colOff: number,
  sK: number,
  sP: number,
  g: ImageGeom,
  dx: Float32Array,
  xOff: number,
): void {
  const { c, h, w, win } = g;
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [pt, pl] = win.padsBegin;
  const [oh, ow] = win.out;
  let k = 0;
  for (let ch = 0; ch < c; ch++) {
    const xc = xOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, k++) {
        const [lo, hi] = validRange(j, w, sw, pl, ow);
        const kBase = colOff + k * sK;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - pt + i;
          if (iy < 0 || iy >= h) continue;
          let d = kBase + (oy * ow + lo) * sP;
          let s = xc + iy * w + lo * sw - pl + j;
          for (let ox = lo; ox < hi; ox++, d += sP, s += sw) dx[s] += col[d];
        }
      }
    }
  }
}
