/**
 * The scalar GEMM core (see gemm.ts for the loop nest). The 4×4 micro-kernel keeps its 16 accumulators as
 * doubles (V8 computes float32 arithmetic in float64; the wider sums are only more exact); packed panels are
 * Float64Array so the hot loop does no float32→float64 conversions. Each tile lands in a padded block that the
 * Store reads, so no tile needs edge handling.
 */
import type { Packer, Store } from './pack.js';

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 1024;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(NC * KC);
let block = new Float32Array(MC * NC);

export function gemmJsWith(M: number, N: number, K: number, pA: Packer, pB: Packer, store: Store): void {
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    const ldc = Math.ceil(nc / NR) * NR;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      if (packB.length < ldc * kc) packB = new Float64Array(ldc * kc);
      pB(packB, NR, jc, nc, pc, kc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        const mcPad = Math.ceil(mc / MR) * MR;
        if (packA.length < mcPad * kc) packA = new Float64Array(mcPad * kc);
        if (block.length < mcPad * ldc) block = new Float32Array(mcPad * ldc);
        pA(packA, MR, ic, mc, pc, kc);
        for (let j = 0; j < ldc; j += NR) {
          for (let i = 0; i < mcPad; i += MR) micro4x4(kc, packA, i * kc, packB, j * kc, block, i * ldc + j, ldc);
        }
        store(block, ldc, ic, mc, jc, nc, pc === 0);
      }
    }
  }
}

function micro4x4(
  kc: number,
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  C: Float32Array,
  co: number,
  ldc: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  const end = ao + kc * 4;
  while (ao < end) {
    const a0 = a[ao],
      a1 = a[ao + 1],
      a2 = a[ao + 2],
      a3 = a[ao + 3];
    const b0 = b[bo],
      b1 = b[bo + 1],
      b2 = b[bo + 2],
      b3 = b[bo + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    ao += 4;
    bo += 4;
  }
  const r1 = co + ldc,
    r2 = r1 + ldc,
    r3 = r2 + ldc;
  C[co] = c00;
  C[co + 1] = c01;
  C[co + 2] = c02;
  C[co + 3] = c03;
  C[r1] = c10;
  C[r1 + 1] = c11;
  C[r1 + 2] = c12;
  C[r1 + 3] = c13;
  C[r2] = c20;
  C[r2 + 1] = c21;
  C[r2 + 2] = c22;
  C[r2 + 3] = c23;
  C[r3] = c30;
  C[r3 + 1] = c31;
  C[r3 + 2] = c32;
  C[r3 + 3] = c33;
}
