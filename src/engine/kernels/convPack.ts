/**
 * Implicit im2col for the conv GEMMs: packers that read patches straight from a zero-padded copy of the image
 * into the GEMM's packed panels, and a store that folds the column gradient straight back onto a padded gradient
 * image (col2im), so no [C·kh·kw, outH·outW] column matrix is ever written or re-read.
 *
 * Column q = oy·outW + ox of the patch matrix is output position (oy, ox); row k = (c·kh + i)·kw + j is the patch
 * element reading input pixel (oy·sh − padTop + i, ox·sw − padLeft + j) of channel c, zero in the padding. In the
 * padded image that pixel sits at pos[q] + elem[k], so the hot loops are one add and one load, with no bounds
 * checks.
 */
import type { ImageGeom } from './im2col.js';
import type { Packer, Store } from './pack.js';

export interface PatchTables {
  c: number;
  h: number;
  w: number;
  padTop: number;
  padLeft: number;
  /** Padded height and width. */
  hp: number;
  wp: number;
  /** Offset of each output position's top-left pixel in the padded plane: oy·sh·wp + ox·sw. */
  pos: Int32Array;
  /** Offset of each patch element from it: c·hp·wp + i·wp + j. */
  elem: Int32Array;
  /** For each position, how many positions from it on sit at consecutive offsets (stride-1 runs of a row). */
  run: Int32Array;
}

export function patchTables(g: ImageGeom): PatchTables {
  const [kh, kw] = g.win.kernel;
  const [oh, ow] = g.win.out;
  const [sh, sw] = g.win.stride;
  const hp = g.h + g.win.padsBegin[0] + g.win.padsEnd[0];
  const wp = g.w + g.win.padsBegin[1] + g.win.padsEnd[1];
  const pos = new Int32Array(oh * ow);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) pos[oy * ow + ox] = oy * sh * wp + ox * sw;
  const elem = new Int32Array(g.c * kh * kw);
  for (let k = 0; k < elem.length; k++)
    elem[k] = Math.floor(k / (kh * kw)) * hp * wp + (Math.floor(k / kw) % kh) * wp + (k % kw);
  const run = new Int32Array(pos.length);
  for (let q = pos.length - 1; q >= 0; q--)
    run[q] = q + 1 < pos.length && pos[q + 1] === pos[q] + 1 ? run[q + 1] + 1 : 1;
  return { c: g.c, h: g.h, w: g.w, padTop: g.win.padsBegin[0], padLeft: g.win.padsBegin[1], hp, wp, pos, elem, run };
}

/**
 * Copies image x[xOff..] into the interior of `xp` (c·hp·wp floats). The padding is zeroed only when
 * `clearPadding` is set: a layer call zeroes it for its first sample, and later samples only overwrite the interior.
 */
export function padImage(x: Float32Array, xOff: number, t: PatchTables, xp: Float32Array, clearPadding = true): void {
  const { c, h, w, hp, wp, padTop, padLeft } = t;
  if (hp === h && wp === w) {
    for (let i = 0, n = c * h * w; i < n; i++) xp[i] = x[xOff + i];
    return;
  }
  if (clearPadding) xp.fill(0);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < h; y++) {
      const src = xOff + (ch * h + y) * w;
      const dst = (ch * hp + y + padTop) * wp + padLeft;
      for (let i = 0; i < w; i++) xp[dst + i] = x[src + i];
    }
  }
}

/** dx[xOff..] += the interior of the padded gradient image dxp. */
export function unpadAdd(dxp: Float32Array, t: PatchTables, dx: Float32Array, xOff: number): void {
  const { c, h, w, hp, wp, padTop, padLeft } = t;
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < h; y++) {
      const dst = xOff + (ch * h + y) * w;
      const src = (ch * hp + y + padTop) * wp + padLeft;
      for (let x = 0; x < w; x++) dx[dst + x] += dxp[src + x];
    }
  }
}

/** op(B) = patches [C·kh·kw, positions] of the padded image xp: panel rows are positions, k runs over elements. */
export function patchPacker(xp: Float32Array, t: PatchTables): Packer {
  const { pos, elem, run } = t;
  return (dst, r, j0, cols, k0, kc) => {
    let d = 0;
    for (let p0 = j0; p0 < j0 + cols; p0 += r) {
      const n = Math.min(r, j0 + cols - p0);
      if (n === r && run[p0] >= r) {
        // The panel's positions are consecutive pixels: each k copies r neighbours (unrolled for the SIMD core's 8).
        const base = pos[p0];
        if (r === 8) {
          for (let k = k0; k < k0 + kc; k++, d += 8) {
            const e = elem[k] + base;
            dst[d] = xp[e];
            dst[d + 1] = xp[e + 1];
            dst[d + 2] = xp[e + 2];
            dst[d + 3] = xp[e + 3];
            dst[d + 4] = xp[e + 4];
            dst[d + 5] = xp[e + 5];
            dst[d + 6] = xp[e + 6];
            dst[d + 7] = xp[e + 7];
          }
        } else {
          for (let k = k0; k < k0 + kc; k++, d += r) {
            const e = elem[k] + base;
            for (let s = 0; s < r; s++) dst[d + s] = xp[e + s];
          }
        }
        continue;
      }
      for (let k = k0; k < k0 + kc; k++, d += r) {
        const e = elem[k];
        for (let s = 0; s < n; s++) dst[d + s] = xp[e + pos[p0 + s]];
        for (let s = n; s < r; s++) dst[d + s] = 0;
      }
    }
  };
}

/** op(B) = patchesᵀ [positions, C·kh·kw] of xp: panel rows are patch elements, k runs over positions. */
export function patchTransposedPacker(xp: Float32Array, t: PatchTables): Packer {
  const { pos, elem } = t;
  return (dst, r, n0, rows, k0, kc) => {
    let d = 0;
    for (let e0 = n0; e0 < n0 + rows; e0 += r) {
      const n = Math.min(r, n0 + rows - e0);
      if (r === 8 && n === 8) {
        // Unrolled for the SIMD core's 8-wide panels, the eight element offsets held in registers.
        const [a0, a1, a2, a3, a4, a5, a6, a7] = elem.subarray(e0, e0 + 8);
        for (let q = k0; q < k0 + kc; q++, d += 8) {
          const o = pos[q];
          dst[d] = xp[o + a0];
          dst[d + 1] = xp[o + a1];
          dst[d + 2] = xp[o + a2];
          dst[d + 3] = xp[o + a3];
          dst[d + 4] = xp[o + a4];
          dst[d + 5] = xp[o + a5];
          dst[d + 6] = xp[o + a6];
          dst[d + 7] = xp[o + a7];
        }
        continue;
      }
      for (let q = k0; q < k0 + kc; q++) {
        const o = pos[q];
        for (let s = 0; s < n; s++) dst[d + s] = xp[o + elem[e0 + s]];
        for (let s = n; s < r; s++) dst[d + s] = 0;
        d += r;
      }
    }
  };
}

/** Store for a product shaped like patches [C·kh·kw, positions]: adds each entry onto its padded pixel (col2im). */
export function col2imStore(dxp: Float32Array, t: PatchTables): Store {
  const { pos, elem, run } = t;
  return (blk, ldc, i0, mc, j0, nc) => {
    for (let a = 0; a < mc; a++) {
      const e = elem[i0 + a];
      const src = a * ldc - j0;
      // Walk the block's positions run by run: within a run the pixels are consecutive.
      for (let q = j0, end = j0 + nc; q < end;) {
        const len = Math.min(run[q], end - q);
        const o = e + pos[q] - q;
        for (const stop = q + len; q < stop; q++) dxp[o + q] += blk[src + q];
      }
    }
  };
}
