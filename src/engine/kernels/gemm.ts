/**
 * Single-precision matrix multiply, C (+)= op(A)·op(B), for the conv, locally-connected and dense kernels.
 *
 * The loop nest follows Goto & van de Geijn ("Anatomy of high-performance matrix multiplication", TOMS 2008) and
 * BLIS: the K dimension is cut into KC-deep slices and N into NC-wide blocks; each slice of B is packed into
 * NR-wide column panels and each MC-tall block of A into MR-tall row panels, both laid out k-major so that the
 * micro-kernel streams them with unit stride. Packing also absorbs the transposes, so one micro-kernel serves
 * A·B, Aᵀ·B and A·Bᵀ. The 4×4 micro-kernel keeps its 16 accumulators in registers (as doubles: V8 computes
 * float32 arithmetic in float64, and the wider accumulator only makes the sums more exact); packed panels are
 * Float64Array so the hot loop does no float32→float64 conversions.
 *
 * All matrices are dense row-major: A is M×K (K×M when transA), B is K×N (N×K when transB), C is M×N.
 */

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 1024;

// Packing buffers, reused across calls (the engine is single-threaded per worker).
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(NC * KC);

/**
 * C[cOff..] (+)= op(A)·op(B). `accumulate` false overwrites C, true adds to it.
 * Offsets let callers multiply slices of larger buffers without copying.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) C.fill(0, cOff, cOff + M * N);
    return;
  }
  // Row and column strides of op(A) and op(B) in their buffers.
  const aRs = transA ? 1 : K;
  const aCs = transA ? M : 1;
  const bRs = transB ? 1 : N;
  const bCs = transB ? K : 1;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const add = accumulate || pc > 0;
      packPanels(B, bOff + pc * bRs + jc * bCs, bCs, bRs, nc, kc, NR, false);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packPanels(A, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, MR, true);
        macroKernel(mc, nc, kc, C, cOff + ic * N + jc, N, add);
      }
    }
  }
}

/**
 * Packs `rows` × kc values into panels of `r` rows, each stored k-major ([kc][r]), zero-padding the last panel.
 * Element (i, k) is src[off + i·rs + k·ks]. For A the panel rows are A's rows; for B they are B's columns.
 */
function packPanels(src: Float32Array, off: number, rs: number, ks: number, rows: number, kc: number, r: number, isA: boolean): void {
  const panels = Math.ceil(rows / r);
  const need = panels * r * kc;
  let dst = isA ? packA : packB;
  if (dst.length < need) {
    dst = new Float64Array(need);
    if (isA) packA = dst;
    else packB = dst;
  }
  let d = 0;
  for (let p = 0; p < panels; p++) {
    const i0 = p * r;
    const ir = Math.min(r, rows - i0);
    if (ir === 4 && ks === 1) {
      // Common case: four contiguous rows, read row by row with unit stride.
      const s0 = off + i0 * rs;
      const s1 = s0 + rs;
      const s2 = s1 + rs;
      const s3 = s2 + rs;
      for (let k = 0; k < kc; k++) {
        dst[d] = src[s0 + k];
        dst[d + 1] = src[s1 + k];
        dst[d + 2] = src[s2 + k];
        dst[d + 3] = src[s3 + k];
        d += 4;
      }
    } else if (ir === 4 && rs === 1) {
      // Four rows that are adjacent in memory: each k reads four neighbours.
      let s = off + i0;
      for (let k = 0; k < kc; k++) {
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
        dst[d + 3] = src[s + 3];
        d += 4;
        s += ks;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let i = 0; i < r; i++) dst[d + i] = i < ir ? src[off + (i0 + i) * rs + k * ks] : 0;
        d += r;
      }
    }
  }
}

function macroKernel(mc: number, nc: number, kc: number, C: Float32Array, cOff: number, ldc: number, add: boolean): void {
  const a = packA;
  const b = packB;
  for (let j = 0; j < nc; j += NR) {
    const nr = Math.min(NR, nc - j);
    const bo = (j / NR) * NR * kc;
    for (let i = 0; i < mc; i += MR) {
      const mr = Math.min(MR, mc - i);
      const ao = (i / MR) * MR * kc;
      const co = cOff + i * ldc + j;
      if (mr === 4 && nr === 4) micro4x4(kc, a, ao, b, bo, C, co, ldc, add);
      else microEdge(kc, a, ao, b, bo, C, co, ldc, add, mr, nr);
    }
  }
}

function micro4x4(kc: number, a: Float64Array, ao: number, b: Float64Array, bo: number, C: Float32Array, co: number, ldc: number, add: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ao + kc * 4;
  while (ao < end) {
    const a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
    const b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ao += 4;
    bo += 4;
  }
  const r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (add) {
    C[co] += c00; C[co + 1] += c01; C[co + 2] += c02; C[co + 3] += c03;
    C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
    C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
    C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
  } else {
    C[co] = c00; C[co + 1] = c01; C[co + 2] = c02; C[co + 3] = c03;
    C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
    C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
    C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
  }
}

/**
 * Partial tile at the right or bottom edge: the padded panels hold zeros, so the full 4×4 kernel runs into a
 * private tile and only its mr×nr corner is stored.
 */
const tile = new Float32Array(MR * NR);
function microEdge(kc: number, a: Float64Array, ao: number, b: Float64Array, bo: number, C: Float32Array, co: number, ldc: number, add: boolean, mr: number, nr: number): void {
  micro4x4(kc, a, ao, b, bo, tile, 0, NR, false);
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const idx = co + i * ldc + j;
      C[idx] = add ? C[idx] + tile[i * NR + j] : tile[i * NR + j];
    }
  }
}

/** Reference triple loop, for tests. */
export function gemmNaive(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C: Float32Array, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
}
