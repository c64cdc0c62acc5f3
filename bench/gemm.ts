/**
 * GEMM throughput of the engine's packed kernel: `npx tsx bench/gemm.ts`. Prints GFLOP/s (2·M·N·K per call) for
 * square sizes and for the shapes LeNet-5 training uses at batch 64.
 */
import { gemm } from '../src/engine/kernels/gemm.js';

function bench(label: string, tA: boolean, tB: boolean, M: number, N: number, K: number): void {
  const A = Float32Array.from({ length: M * K }, () => Math.random() - 0.5);
  const B = Float32Array.from({ length: K * N }, () => Math.random() - 0.5);
  const C = new Float32Array(M * N);
  const flop = 2 * M * N * K;
  const reps = Math.max(3, Math.ceil(2e8 / flop));
  for (let i = 0; i < 2; i++) gemm(tA, tB, M, N, K, A, 0, B, 0, C, 0, false);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) gemm(tA, tB, M, N, K, A, 0, B, 0, C, 0, false);
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  console.log(`${label.padEnd(34)} ${String(`${M}×${N}×${K}`).padEnd(16)} ${((flop / best) * 1e-6).toFixed(2)} GFLOP/s`);
}

bench('square', false, false, 256, 256, 256);
bench('square', false, false, 512, 512, 512);
bench('square Aᵀ', true, false, 256, 256, 256);
bench('square Bᵀ', false, true, 256, 256, 256);
bench('conv1 forward (W·cols)', false, false, 6, 64 * 784, 25);
bench('conv1 weight grad (dZ·colsᵀ)', false, true, 6, 25, 64 * 784);
bench('conv2 forward', false, false, 16, 64 * 100, 150);
bench('conv2 weight grad', false, true, 16, 150, 64 * 100);
bench('conv2 input grad (Wᵀ·dZ)', true, false, 150, 64 * 100, 16);
bench('dense 400→120 forward', false, false, 64, 120, 400);
bench('dense 400→120 weight grad', true, false, 400, 120, 64);
bench('dense 400→120 input grad', false, true, 64, 400, 120);
