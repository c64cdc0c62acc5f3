/** Semantics of the layer kernels that finite differences cannot see: tie rules, padding, statistics, masks. */
import { afterEach, describe, expect, it } from 'vitest';
import { setGemmBackend } from '../kernels/gemm.js';
import { softmaxCrossEntropy } from '../loss.js';
import { layerOrThrow } from '../registry.js';
import { createRng } from '../rng.js';
import type { Params, Tensor } from '../types.js';
import { sizeOf } from '../kernels/scratch.js';

const train = { training: true, rng: createRng(1).next };
const evaluate = { training: false, rng: createRng(1).next };
const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });
const random = (shape: number[], seed: number): Tensor => {
  const rng = createRng(seed);
  return { shape, data: Float32Array.from({ length: sizeOf(shape) }, () => rng.normal()) };
};

afterEach(() => setGemmBackend('auto'));

describe('maxPool2d', () => {
  const pool = layerOrThrow('maxPool2d');
  it('routes a tie to the first maximum in row-major window order', () => {
    const x = t([1, 1, 2, 2], [5, 5, 5, 5]);
    const { output, cache } = pool.forward([x], {}, { poolSize: 2, stride: null, padding: 'valid' }, evaluate);
    expect(Array.from(output.data)).toEqual([5]);
    const [dx] = pool.backward(t([1, 1, 1, 1], [1]), cache, {}, { poolSize: 2 }, {});
    expect(Array.from(dx.data)).toEqual([1, 0, 0, 0]);
  });
  it('never lets padding win', () => {
    const x = t([1, 1, 2, 2], [-4, -3, -2, -1]);
    const { output } = pool.forward([x], {}, { poolSize: 3, stride: 1, padding: 1 }, evaluate);
    expect(Array.from(output.data)).toEqual([-1, -1, -1, -1]);
  });
});

describe('avgPool2d', () => {
  it('divides by the in-bounds pixels only (count_include_pad 0)', () => {
    const x = t([1, 1, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const { output } = layerOrThrow('avgPool2d').forward(
      [x],
      {},
      { poolSize: 3, stride: 1, padding: 'same' },
      evaluate,
    );
    expect(Array.from(output.data)).toEqual(new Array(9).fill(1));
  });
});

describe('batchNorm', () => {
  const bn = layerOrThrow('batchNorm');
  const p: Params = { epsilon: 1e-5, momentum: 0.9 };
  const weights = () => ({
    gamma: Float32Array.of(2),
    beta: Float32Array.of(1),
    runningMean: Float32Array.of(0),
    runningVar: Float32Array.of(1),
  });
  it('normalises with the biased batch variance and updates running stats with the unbiased one', () => {
    const w = weights();
    const x = t([4, 1], [1, 2, 3, 4]); // mean 2.5, biased var 1.25, unbiased 5/3
    const { output } = bn.forward([x], w, p, train);
    const expected = [1, 2, 3, 4].map((v) => (2 * (v - 2.5)) / Math.sqrt(1.25 + 1e-5) + 1);
    Array.from(output.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(w.runningMean[0]).toBeCloseTo(0.1 * 2.5, 6);
    expect(w.runningVar[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 6);
  });
  it('uses the running statistics at evaluation, per channel of a feature map', () => {
    const w = {
      gamma: Float32Array.of(1, 1),
      beta: Float32Array.of(0, 0),
      runningMean: Float32Array.of(1, -1),
      runningVar: Float32Array.of(4, 1),
    };
    const x = t([1, 2, 1, 2], [3, 5, 0, 1]);
    const { output } = bn.forward([x], w, p, evaluate);
    const s0 = Math.sqrt(4 + 1e-5);
    const s1 = Math.sqrt(1 + 1e-5);
    [(3 - 1) / s0, (5 - 1) / s0, (0 + 1) / s1, (1 + 1) / s1].forEach((v, i) =>
      expect(output.data[i]).toBeCloseTo(v, 5),
    );
    expect(w.runningMean[0]).toBe(1);
  });
});

describe('dropout', () => {
  const drop = layerOrThrow('dropout');
  it('is the identity at evaluation', () => {
    const x = random([2, 8], 1);
    expect(drop.forward([x], {}, { rate: 0.5 }, evaluate).output.data).toBe(x.data);
  });
  it('zeroes about `rate` of the values and scales the rest by 1/(1 − rate), the same mask for the same seed', () => {
    const x = t([1, 10000], new Array(10000).fill(1));
    const a = drop.forward([x], {}, { rate: 0.25 }, { training: true, rng: createRng(5).next }).output.data;
    const b = drop.forward([x], {}, { rate: 0.25 }, { training: true, rng: createRng(5).next }).output.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    const kept = a.filter((v) => v !== 0);
    expect(kept.length / a.length).toBeGreaterThan(0.73);
    expect(kept.length / a.length).toBeLessThan(0.77);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
  });
});

describe('softmax', () => {
  it('normalises over channels at every position of a feature map', () => {
    const x = random([2, 3, 2, 2], 3);
    const y = layerOrThrow('activation').forward([x], {}, { fn: 'softmax' }, evaluate).output.data;
    for (let n = 0; n < 2; n++) {
      for (let s = 0; s < 4; s++) {
        let sum = 0;
        for (let c = 0; c < 3; c++) sum += y[n * 12 + c * 4 + s];
        expect(sum).toBeCloseTo(1, 6);
      }
    }
  });
});

describe('softmaxCrossEntropy', () => {
  it('gives log K on equal logits, counts correct argmaxes and stays finite on huge logits', () => {
    const { loss, correct } = softmaxCrossEntropy(t([2, 4], [0, 0, 0, 0, 1, 9, 2, 3]), Int32Array.of(2, 1));
    expect(loss).toBeCloseTo(
      (Math.log(4) + (Math.log(Math.exp(1 - 9) + 1 + Math.exp(2 - 9) + Math.exp(3 - 9)) - 0)) / 2,
      6,
    );
    expect(correct).toBe(1); // sample 0's first maximum is class 0
    const big = softmaxCrossEntropy(t([1, 2], [1e4, -1e4]), Uint8Array.of(1));
    expect(big.loss).toBeCloseTo(2e4, 0);
    expect(Array.from(big.dLogits.data)).toEqual([1, -1]);
  });
  it('rejects a label outside the classes', () => {
    expect(() => softmaxCrossEntropy(t([1, 2], [0, 0]), Int32Array.of(2))).toThrow(/outside the 2 classes/);
  });
});

describe('backends and skipped input gradients', () => {
  const cases: [string, Params, number[]][] = [
    ['conv2d', { filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' }, [8, 6, 14, 14]],
    ['conv2d', { filters: 6, kernelSize: [5, 3], stride: 2, padding: 'same', activation: 'linear' }, [4, 3, 28, 27]],
    // A padded image larger than the SIMD kernel's initial memory: the workspace has to grow it.
    ['conv2d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, [2, 8, 120, 120]],
    ['locallyConnected2d', { filters: 4, kernelSize: 3, padding: 1, activation: 'tanh' }, [32, 2, 6, 6]],
    ['dense', { units: 120, activation: 'relu' }, [16, 400]],
  ];
  it.each(cases)(
    '%s %j: the SIMD and scalar cores agree, and needInput [false] keeps the parameter gradients',
    (kind, p, shape) => {
      const def = layerOrThrow(kind);
      const x = random(shape, 9);
      const out = def.inferShape([shape.slice(1)], p, { id: kind });
      const specs = def.tensors([shape.slice(1)], out, p);
      const weights = Object.fromEntries(specs.map((s, i) => [s.name, random(s.shape, 20 + i).data]));
      const run = (needInput?: boolean[]) => {
        const grads = Object.fromEntries(specs.map((s) => [s.name, new Float32Array(weights[s.name].length)]));
        const { output, cache } = def.forward([x], weights, p, evaluate);
        const dy = random(output.shape, 4);
        const [dx] = def.backward(dy, cache, weights, p, grads, needInput);
        return { y: output.data, dx: dx.data, grads };
      };
      const simd = run();
      setGemmBackend('js');
      const js = run();
      const close = (a: Float32Array, b: Float32Array) => {
        expect(a.length).toBe(b.length);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
        expect(worst).toBeLessThan(1e-4);
      };
      close(simd.y, js.y);
      close(simd.dx, js.dx);
      for (const name of Object.keys(js.grads)) close(simd.grads[name], js.grads[name]);
      const skipped = run([false]);
      expect(skipped.dx.length).toBe(0);
      for (const name of Object.keys(js.grads)) close(skipped.grads[name], js.grads[name]);
    },
  );
});
