import { afterEach, describe, expect, it } from 'vitest';
import { gemm, gemmBackend, gemmNaive, setGemmBackend } from './gemm.js';
import { simdModuleBytes } from './wasmSimd.js';

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 7, 3],
  [6, 784, 25], // conv1 forward per sample
  [25, 784, 6],
  [67, 130, 300], // crosses KC = 256
  [9, 1030, 260], // crosses the NC blocks of both cores
  [100, 40, 520], // crosses MC = 96 (SIMD) and 64 (JS)
];

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5);
}

afterEach(() => setGemmBackend('auto'));

describe.each(['auto', 'js'] as const)('gemm (%s core)', (b) => {
  it.each(SHAPES)('%i×%i×%i matches the triple loop for every transpose and with offsets', (M, N, K) => {
    setGemmBackend(b);
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        for (const acc of [false, true]) {
          const A = random(M * K + 3, M + K);
          const B = random(K * N + 5, N * 7 + K);
          const C = random(M * N + 2, 11);
          const ref = C.slice(2);
          gemm(tA, tB, M, N, K, A, 3, B, 5, C, 2, acc);
          gemmNaive(tA, tB, M, N, K, A.subarray(3), B.subarray(5), ref, acc);
          let worst = 0;
          for (let i = 0; i < ref.length; i++)
            worst = Math.max(worst, Math.abs(C[i + 2] - ref[i]) / (1 + Math.abs(ref[i])));
          expect(worst, `tA=${tA} tB=${tB} acc=${acc}`).toBeLessThan(1e-5);
        }
      }
    }
  });
});

describe('the WebAssembly SIMD core', () => {
  it('assembles into a valid module and is used on this platform', () => {
    expect(new WebAssembly.Module(simdModuleBytes(1) as BufferSource)).toBeDefined();
    expect(gemmBackend()).toBe('simd');
  });
});
