/**
 * The GEMM's operands as packers and its result as a store, so callers can feed it straight from an image
 * (implicit im2col, convPack.ts) or consume its product without an intermediate matrix (col2im).
 *
 * Packing (Goto & van de Geijn 2008): `rows` × kc values of an operand are copied into panels of `r` rows, each
 * stored k-major ([kc][r]) so the micro-kernel reads it with unit stride; the last panel is zero-padded. For A the
 * panel rows are op(A)'s rows; for B they are op(B)'s columns.
 */

/** Packs rows [i0, i0 + rows) × k ∈ [k0, k0 + kc) of an operand into r-wide panels at dst[0..]. */
export type Packer = (
  dst: Float32Array | Float64Array,
  r: number,
  i0: number,
  rows: number,
  k0: number,
  kc: number,
) => void;

/**
 * Receives the product block for rows [i0, i0 + mc) × columns [j0, j0 + nc) of one K slice; element (i, j) of
 * the block is blk[i·ldc + j]. `first` is true for the first K slice (the caller overwrites or adds then).
 */
export type Store = (
  blk: Float32Array,
  ldc: number,
  i0: number,
  mc: number,
  j0: number,
  nc: number,
  first: boolean,
) => void;

/** A packer for a dense matrix whose element (i, k) is src[off + i·rs + k·ks]. */
export function matrixPacker(src: Float32Array, off: number, rs: number, ks: number): Packer {
  return (dst, r, i0, rows, k0, kc) => packPanels(src, off + i0 * rs + k0 * ks, rs, ks, rows, kc, r, dst);
}

/** A store into a dense row-major M×N matrix at C[cOff..]: overwrite on the first slice unless accumulating. */
export function matrixStore(C: Float32Array, cOff: number, N: number, accumulate: boolean): Store {
  return (blk, ldc, i0, mc, j0, nc, first) => {
    const set = first && !accumulate;
    for (let i = 0; i < mc; i++) {
      const dst = cOff + (i0 + i) * N + j0;
      const src = i * ldc;
      if (set) for (let j = 0; j < nc; j++) C[dst + j] = blk[src + j];
      else for (let j = 0; j < nc; j++) C[dst + j] += blk[src + j];
    }
  };
}

export function packPanels(
  src: Float32Array,
  off: number,
  rs: number,
  ks: number,
  rows: number,
  kc: number,
  r: number,
  dst: Float32Array | Float64Array,
): void {
  const panels = Math.ceil(rows / r);
  let d = 0;
  for (let p = 0; p < panels; p++) {
    const i0 = p * r;
    const ir = Math.min(r, rows - i0);
    if (rs === 1 && ir === r) {
      // Panel rows adjacent in memory: each k reads r neighbours.
      for (let k = 0, s = off + i0; k < kc; k++, s += ks) {
        for (let i = 0; i < r; i++) dst[d + i] = src[s + i];
        d += r;
      }
      continue;
    }
    // Otherwise walk each row along k (unit stride when ks = 1), writing with stride r; pad rows are zero.
    for (let i = 0; i < ir; i++) {
      for (let k = 0, s = off + (i0 + i) * rs, dd = d + i; k < kc; k++, s += ks, dd += r) dst[dd] = src[s];
    }
    for (let i = ir; i < r; i++) for (let k = 0, dd = d + i; k < kc; k++, dd += r) dst[dd] = 0;
    d += r * kc;
  }
}
