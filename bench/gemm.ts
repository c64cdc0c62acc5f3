/**
 * GEMM throughput of the engine's packed kernels: `npx tsx bench/gemm.ts`. Prints GFLOP/s (2·M·N·K per call) of
 * the scalar JS path and the WebAssembly SIMD path, for square sizes and for LeNet-5's shapes: the conv GEMMs
 * per sample (as the conv kernel calls them) and the dense GEMMs at batch 64.
 */
import { gemm, gemmBackend, setGemmBackend, type GemmBackend } from '../src/engine/kernels/gemm.js';

function rate(b: GemmBackend, tA: boolean, tB: boolean, M: number, N: number, K: number): number {
  const A = Float32Array.from({ length: M * K }, () => Math.random() - 0.5);
  const B = Float32Array.from({ length: K * N }, () => Math.random() - 0.5);
  const C = new Float32Array(M * N);
  setGemmBackend(b);
  const flop = 2 * M * N * K;
  const reps = Math.max(3, Math.ceil(2e8 / flop));
  for (let i = 0; i < 2; i++) gemm(tA, tB, M, N, K, A, 0, B, 0, C, 0, false);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) gemm(tA, tB, M, N, K, A, 0, B, 0, C, 0, false);
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return (flop / best) * 1e-6;
}

function bench(label: string, tA: boolean, tB: boolean, M: number, N: number, K: number): void {
  const js = rate('js', tA, tB, M, N, K);
  const wasm = rate('auto', tA, tB, M, N, K).toFixed(2).padStart(6);
  console.log(
    `${label.padEnd(30)} ${`${M}×${N}×${K}`.padEnd(14)} JS ${js.toFixed(2).padStart(5)}  SIMD ${wasm} GFLOP/s`,
  );
}

setGemmBackend('auto');
if (gemmBackend() !== 'simd') console.log('WebAssembly SIMD is not available here: both columns are the scalar core');
bench('square', false, false, 256, 256, 256);
bench('square', false, false, 512, 512, 512);
bench('square Aᵀ', true, false, 256, 256, 256);
bench('square Bᵀ', false, true, 256, 256, 256);
bench('conv1 forward (W·cols)', false, false, 6, 784, 25);
bench('conv1 weight grad (dZ·colsᵀ)', false, true, 6, 25, 784);
bench('conv1 input grad (Wᵀ·dZ)', true, false, 25, 784, 6);
bench('conv2 forward', false, false, 16, 100, 150);
bench('conv2 weight grad', false, true, 16, 150, 100);
bench('conv2 input grad', true, false, 150, 100, 16);
bench('dense 400→120 forward', false, false, 64, 120, 400);
bench('dense 400→120 weight grad', true, false, 400, 120, 64);
bench('dense 400→120 input grad', false, true, 64, 400, 120);
