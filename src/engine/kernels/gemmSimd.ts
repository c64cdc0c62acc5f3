/**
 * The GEMM on WebAssembly SIMD: the same Goto loop nest as the scalar path (gemm.ts), with the packed panels and
 * the product block living in the kernel's linear memory. The packers write op(A)'s MR-row and op(B)'s 8-column
 * float32 panels there, the wasm macro-kernel (wasmSimd.ts) fills the padded block, and the store reads its valid
 * part. Sums are float32 (each KC-deep slice in f32x4 lanes), like any SIMD BLAS.
 */
import type { Packer, Store } from './pack.js';
import { PATCH_FUNCTIONS } from './wasmPatch.js';
import { loadSimdKernel, SIMD_MR as MR, SIMD_NR as NR, type SimdKernel } from './wasmSimd.js';

const MC = 16 * MR;
const KC = 256;
const NC = 512;
const A_BYTES = MC * KC * 4;
const B_BYTES = KC * NC * 4;
const C_BYTES = MC * NC * 4;
/** Byte addresses of the packed B panels and the product block, and of the free space after them. */
export const B_PTR = A_BYTES;
export const C_PTR = A_BYTES + B_BYTES;
export const FREE_PTR = C_PTR + C_BYTES;
const PAGES = Math.ceil(FREE_PTR / 65536);

let kernel: SimdKernel | null | undefined;
let aView: Float32Array;
let bView: Float32Array;
let cView: Float32Array;

/** Whether the SIMD kernel compiled here (cached after the first call). */
export function simdAvailable(): boolean {
  if (kernel === undefined) {
    kernel = loadSimdKernel(PAGES, PATCH_FUNCTIONS());
    if (kernel) refreshViews(kernel);
  }
  return kernel !== null;
}

function refreshViews(k: SimdKernel): void {
  const buf = k.memory.buffer;
  aView = new Float32Array(buf, 0, MC * KC);
  bView = new Float32Array(buf, B_PTR, KC * NC);
  cView = new Float32Array(buf, C_PTR, MC * NC);
}

/**
 * The compiled kernel with at least `bytes` of memory from FREE_PTR on for the caller's data (growing it if
 * needed: views taken before this call are then stale), and the GEMM's current B-panel and block views, so
 * callers can tell when a packer or store is handed the SIMD core's own buffers. Call only when simdAvailable().
 */
export function simdWorkspace(bytes: number): { kernel: SimdKernel; bView: Float32Array; cView: Float32Array } {
  const k = kernel as SimdKernel;
  const need = FREE_PTR + bytes - k.memory.buffer.byteLength;
  if (need > 0) {
    k.memory.grow(Math.ceil(need / 65536));
    refreshViews(k);
  }
  return { kernel: k, bView, cView };
}

let lastPacker: Packer | null = null;
let lastIc = -1;
let lastPc = -1;
let lastMc = -1;
let lastKc = -1;

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
        // The same packer over the same block as last time (a layer's weights, sample after sample): its panels
        // are still in place. Packers are made per layer call, so their data cannot change in between.
        if (pA !== lastPacker || ic !== lastIc || pc !== lastPc || mc !== lastMc || kc !== lastKc) {
          pA(aView, MR, ic, mc, pc, kc);
          [lastPacker, lastIc, lastPc, lastMc, lastKc] = [pA, ic, pc, mc, kc];
        }
        k.macro(Math.ceil(mc / MR), panelsB, kc, 0, B_PTR, C_PTR, ldc * 4);
        store(cView, ldc, ic, mc, jc, nc, pc === 0);
      }
    }
  }
}
