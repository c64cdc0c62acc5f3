/**
 * Single-precision matrix multiply, C (+)= op(A)·op(B), for the conv, locally-connected and dense kernels.
 *
 * The loop nest follows Goto & van de Geijn ("Anatomy of high-performance matrix multiplication", TOMS 2008) and
 * BLIS: K is cut into KC-deep slices and N into NC-wide blocks; each slice of B is packed into NR-wide column
 * panels and each MC-tall block of A into MR-tall row panels (pack.ts), and a register-blocked micro-kernel
 * multiplies panel pairs into an MC×NC block that a Store then writes out. Packing absorbs transposes, so one
 * micro-kernel serves A·B, Aᵀ·B and A·Bᵀ, and callers may pack straight from an image (convPack.ts, and its
 * WebAssembly twin convWasm.ts).
 *
 * Two cores implement the nest: WebAssembly SIMD (gemmSimd.ts, a 6×8 f32x4 kernel, about 7× the scalar speed
 * here) and scalar JS (gemmJs.ts, a 4×4 kernel), used where WebAssembly SIMD is missing or for tiny products.
 *
 * Plain matrices are dense row-major: A is M×K (K×M when transA), B is K×N (N×K when transB), C is M×N.
 */
import { gemmJsWith } from './gemmJs.js';
import { gemmSimdWith, simdAvailable } from './gemmSimd.js';
import { matrixPacker, matrixStore, type Packer, type Store } from './pack.js';

/** Below this many multiply-adds the scalar core wins: the SIMD core's packing and copy-out are fixed costs. */
const SIMD_MIN_MACS = 4096;

export type GemmBackend = 'auto' | 'js' | 'simd';
let backend: GemmBackend = 'auto';

/**
 * In a web page (globalThis.document exists) compiling WebAssembly needs the page's CSP to allow
 * 'wasm-unsafe-eval', and a refused compile logs a CSP violation; the app's renderer only runs the kernels for
 * small previews, so 'auto' keeps pages on the scalar core. Node, Electron's main process and workers (where
 * training runs) get SIMD.
 */
const inPage = typeof (globalThis as { document?: unknown }).document !== 'undefined';

/** 'js' forces the scalar core (tests compare both); 'simd' uses SIMD wherever it compiles; 'auto' is the default. */
export function setGemmBackend(b: GemmBackend): void {
  backend = b;
}

export function gemmBackend(): 'simd' | 'js' {
  if (backend === 'js' || (backend === 'auto' && inPage)) return 'js';
  return simdAvailable() ? 'simd' : 'js';
}

/** C = op(A)·op(B) (M×N, depth K) with operands from packers and the result to a store. */
export function gemmWith(M: number, N: number, K: number, packA: Packer, packB: Packer, store: Store): void {
  if (M <= 0 || N <= 0 || K <= 0) return;
  if (M * N * K >= SIMD_MIN_MACS && gemmBackend() === 'simd') gemmSimdWith(M, N, K, packA, packB, store);
  else gemmJsWith(M, N, K, packA, packB, store);
}

/**
 * C[cOff..] (+)= op(A)·op(B) on dense row-major matrices. `accumulate` false overwrites C, true adds to it.
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
  // op(A)(i, k) = A[aOff + i·aRs + k·aCs]; op(B)'s column j, row k = B[bOff + j·bCs + k·bRs].
  const packA = transA ? matrixPacker(A, aOff, 1, M) : matrixPacker(A, aOff, K, 1);
  const packB = transB ? matrixPacker(B, bOff, K, 1) : matrixPacker(B, bOff, 1, N);
  gemmWith(M, N, K, packA, packB, matrixStore(C, cOff, N, accumulate));
}

/** Reference triple loop, for tests. */
export function gemmNaive(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  accumulate: boolean,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
}
