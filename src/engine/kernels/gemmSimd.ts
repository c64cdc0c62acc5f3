/**
 * The GEMM on WebAssembly SIMD: the same Goto loop nest as the scalar path (gemm.ts), with the packed panels and
 * the product block living in the kernel's linear memory. The packers write op(A)'s MR-row and op(B)'s 8-column
 * float32 panels there, the wasm macro-kernel (wasmSimd.ts) fills the padded block, and the store reads its valid
 * part. Sums are float32 (each KC-deep slice in f32x4 lanes), like any SIMD BLAS.
 */
import type { Packer, Store } from './pack.js';
import { loadSimdKernel, SIMD_MR as MR, SIMD_NR as NR, type SimdKernel } from './wasmSimd.js';

const MC = 16 * MR;
const KC = 256;
const NC = 512;
const A_BYTES = MC * KC * 4;
const B_BYTES = KC * NC * 4;
const C_BYTES = MC * NC * 4;
const PAGES = Math.ceil((A_BYTES + B_BYTES + C_BYTES) / 65536);

let kernel: SimdKernel | null | undefined;
let aView: Float32Array;
let bView: Float32Array;
let cView: Float32Array;

/** Whether the SIMD kernel compiled here (cached after the first call). */
export function simdAvailable(): boolean {
  if (kernel === undefined) {
    kernel = loadSimdKernel(PAGES);
    if (kernel) {
      const buf = kernel.memory.buffer;
      aView = new Float32Array(buf, 0, MC * KC);
      bView = new Float32Array(buf, A_BYTES, KC * NC);
      cView = new Float32Array(buf, A_BYTES + B_BYTES, MC * NC);
    }
  }
  return kernel !== null;
}

/** The SIMD core of gemmWith() (gemm.ts). Call only when simdAvailable(). */
export function gemmSimdWith(M: number, N: number, K: number, pA: Packer, pB: Packer, store: Store): void {
  const k = kernel as SimdKernel;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    const panelsB = Math.ceil(nc / NR);
    const ldc = panelsB * NR;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      pB(bView, NR, jc, nc, pc, kc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        pA(aView, MR, ic, mc, pc, kc);
        k.macro(Math.ceil(mc / MR), panelsB, kc, 0, A_BYTES, A_BYTES + B_BYTES, ldc * 4);
        store(cView, ldc, ic, mc, jc, nc, pc === 0);
      }
    }
  }
}
