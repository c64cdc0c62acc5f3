/**
 * Finite-difference gradient checks for every layer kind and variant, inputs and parameters.
 *
 * For a random projection r, L(x, θ) = Σ r ⊙ forward(x, θ) (summed in float64); its gradient is exactly what
 * backward returns for dOutput = r. Each coordinate's numeric derivative is the central difference
 * (L(v + ε) − L(v − ε)) / (v₊ − v₋), with v₊ and v₋ the float32 values actually stored. Where the two one-sided
 * differences disagree the perturbation crossed a kink (ReLU at 0, a max changing hands) and that coordinate is
 * skipped, only for piecewise-linear cases (relu, leakyRelu, maxPool), and no more than a tenth may be. Backward
 * must ADD parameter gradients, so grads start at a known offset.
 */
import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../src/engine/loss.js';
import { layerOrThrow } from '../src/engine/registry.js';
import { createRng } from '../src/engine/rng.js';
import { ACTIVATIONS, type Params, type Tensor } from '../src/engine/types.js';

const EPS = 1e-3;
const TOL = 5e-3;
const MAX_COORDS = 120;
const GRAD_OFFSET = 0.25;

interface Case {
  name: string;
  kind: string;
  params: Params;
  /** Batch-first input shapes. */
  inputs: number[][];
  training?: boolean;
  /** 'distinct': spaced, shuffled values (pools), so no max is within 2ε of another. */
  values?: 'normal' | 'distinct' | 'negative';
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function randomTensor(shape: number[], rng: ReturnType<typeof createRng>, values: Case['values'] = 'normal'): Tensor {
  const data = new Float32Array(size(shape));
  if (values === 'normal') for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  else {
    // A shuffled ladder 0.05 apart: every window has a clear maximum.
    const order = Array.from(data, (_, i) => i).sort(() => rng.next() - 0.5);
    order.forEach((v, i) => (data[i] = (values === 'negative' ? -1 - v : v - data.length / 2) * 0.05));
  }
  return { shape, data };
}

/** Runs one case and returns, per checked tensor, the worst relative error and how many coordinates it skipped. */
function check(c: Case): { name: string; err: number; skipped: number; checked: number }[] {
  const def = layerOrThrow(c.kind);
  const rng = createRng(7);
  const xs = c.inputs.map((s) => randomTensor(s, rng, c.values));
  const sampleShapes = c.inputs.map((s) => s.slice(1));
  const outShape = def.inferShape(sampleShapes, c.params, { id: c.name });
  const weights: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const spec of def.tensors(sampleShapes, outShape, c.params)) {
    const t = randomTensor(spec.shape, rng).data;
    if (spec.role === 'state')
      for (let i = 0; i < t.length; i++) t[i] = spec.name === 'runningVar' ? 0.5 + Math.abs(t[i]) : t[i];
    weights[spec.name] = t;
    if (spec.role !== 'state') grads[spec.name] = new Float32Array(t.length).fill(GRAD_OFFSET);
  }
  const n = c.inputs[0][0];
  const r = randomTensor([n, ...outShape], rng);
  // The same seed in every evaluation gives dropout the same mask.
  const ctx = () => ({ training: c.training ?? false, rng: createRng(99).next });
  const loss = () => {
    const { output } = def.forward(xs, weights, c.params, ctx());
    expect(output.shape).toEqual([n, ...outShape]);
    let s = 0;
    for (let i = 0; i < r.data.length; i++) s += r.data[i] * output.data[i];
    return s;
  };
  const { output, cache } = def.forward(xs, weights, c.params, ctx());
  const dIn = def.backward({ shape: output.shape, data: r.data.slice() }, cache, weights, c.params, grads);
  expect(dIn.length).toBe(xs.length);

  const targets: { name: string; values: Float32Array; analytic: Float32Array }[] = xs.map((x, i) => {
    expect(dIn[i].shape).toEqual(x.shape);
    return { name: `input ${i}`, values: x.data, analytic: dIn[i].data };
  });
  for (const [name, g] of Object.entries(grads)) {
    targets.push({ name, values: weights[name], analytic: g.map((v) => v - GRAD_OFFSET) });
  }
  const l0 = loss();
  const kinked =
    c.kind === 'maxPool2d' || [c.params.activation, c.params.fn].some((a) => a === 'relu' || a === 'leakyRelu');
  return targets.map(({ name, values, analytic }) => {
    const coords = Array.from(values, (_, i) => i);
    const pick =
      coords.length <= MAX_COORDS ? coords : coords.filter((i) => i % Math.ceil(coords.length / MAX_COORDS) === 0);
    let worst = 0;
    let scale = 1e-3;
    let skipped = 0;
    const pairs: [number, number][] = [];
    for (const i of pick) {
      const v = values[i];
      values[i] = v + EPS;
      const vp = values[i];
      const lp = loss();
      values[i] = v - EPS;
      const vm = values[i];
      const lm = loss();
      values[i] = v;
      const fwd = (lp - l0) / (vp - v);
      const bwd = (l0 - lm) / (v - vm);
      if (kinked && Math.abs(fwd - bwd) > 0.05 * Math.max(Math.abs(fwd), Math.abs(bwd)) + 1e-2) {
        skipped++;
        continue;
      }
      pairs.push([analytic[i], (lp - lm) / (vp - vm)]);
      scale = Math.max(scale, Math.abs(analytic[i]));
    }
    for (const [a, num] of pairs) worst = Math.max(worst, Math.abs(a - num) / scale);
    return { name, err: worst, skipped, checked: pick.length };
  });
}

const convCases: Case[] = [];
const geometries: { kernelSize: Params['kernelSize']; stride: number; padding: Params['padding'] }[] = [];
for (const kernelSize of [3, [2, 3]] as Params['kernelSize'][]) {
  for (const stride of [1, 2])
    for (const padding of ['valid', 'same', 1] as Params['padding'][]) geometries.push({ kernelSize, stride, padding });
}
for (const kind of ['conv2d', 'locallyConnected2d']) {
  geometries.forEach((g, i) => {
    for (const useBias of [true, false]) {
      const activation = ACTIVATIONS[(i + (useBias ? 0 : 3)) % ACTIVATIONS.length];
      const params = { filters: 3, ...g, useBias, activation };
      convCases.push({ name: `${kind} ${JSON.stringify(params)}`, kind, params, inputs: [[2, 2, 7, 6]] });
    }
  });
  for (const activation of ACTIVATIONS) {
    const params = { filters: 4, kernelSize: 3, stride: 1, padding: 'same', useBias: true, activation };
    convCases.push({ name: `${kind} ${activation}`, kind, params, inputs: [[3, 2, 5, 5]] });
  }
}

geometries.forEach((g, i) => {
  for (const depthMultiplier of [1, 2]) {
    const useBias = depthMultiplier === 1;
    const activation = ACTIVATIONS[(i + depthMultiplier) % ACTIVATIONS.length];
    const params = { ...g, depthMultiplier, useBias, activation };
    convCases.push({
      name: `depthwiseConv2d ${JSON.stringify(params)}`,
      kind: 'depthwiseConv2d',
      params,
      inputs: [[2, 3, 7, 6]],
    });
  }
});

// Large enough (≥ 4096 multiply-adds per GEMM) to run on the WebAssembly SIMD core; the cases above use the scalar one.
convCases.push(
  {
    name: 'conv2d on the SIMD core',
    kind: 'conv2d',
    params: { filters: 8, kernelSize: 3, padding: 'same', activation: 'tanh' },
    inputs: [[2, 3, 10, 10]],
  },
  {
    name: 'locallyConnected2d on the SIMD core',
    kind: 'locallyConnected2d',
    params: { filters: 8, kernelSize: 3, padding: 'same', activation: 'tanh' },
    inputs: [[16, 4, 4, 4]],
  },
);

const poolCases: Case[] = [];
for (const kind of ['maxPool2d', 'avgPool2d']) {
  for (const poolSize of [2, 3, [2, 3]] as Params['poolSize'][]) {
    for (const stride of [null, 1, 2]) {
      for (const padding of ['valid', 'same', 1] as Params['padding'][]) {
        if (padding === 1 && poolSize === 2 && stride === null) continue;
        const params = { poolSize, stride, padding };
        poolCases.push({
          name: `${kind} ${JSON.stringify(params)}`,
          kind,
          params,
          inputs: [[2, 2, 7, 6]],
          values: 'distinct',
        });
      }
    }
  }
  poolCases.push({
    name: `${kind} all negative, padded`,
    kind,
    params: { poolSize: 3, stride: 2, padding: 1 },
    inputs: [[1, 2, 5, 5]],
    values: 'negative',
  });
}
poolCases.push({ name: 'globalAvgPool2d', kind: 'globalAvgPool2d', params: {}, inputs: [[2, 3, 4, 5]] });

const otherCases: Case[] = [
  ...[true, false].flatMap((useBias) =>
    ACTIVATIONS.map((activation) => ({
      name: `dense bias=${useBias} ${activation}`,
      kind: 'dense',
      params: { units: 4, useBias, activation },
      inputs: [[3, 7]],
    })),
  ),
  ...ACTIVATIONS.flatMap((fn) => [
    { name: `activation ${fn} on a map`, kind: 'activation', params: { fn }, inputs: [[2, 3, 2, 2]] },
    { name: `activation ${fn} on a vector`, kind: 'activation', params: { fn }, inputs: [[3, 5]] },
  ]),
  {
    name: 'dense on the SIMD core',
    kind: 'dense',
    params: { units: 32, useBias: true, activation: 'sigmoid' },
    inputs: [[4, 64]],
  },
  { name: 'flatten', kind: 'flatten', params: {}, inputs: [[2, 3, 2, 2]] },
  {
    name: 'dropout training (fixed mask)',
    kind: 'dropout',
    params: { rate: 0.3 },
    inputs: [[2, 3, 4, 4]],
    training: true,
  },
  { name: 'dropout evaluation', kind: 'dropout', params: { rate: 0.3 }, inputs: [[2, 3, 4, 4]] },
  {
    name: 'batchNorm training, map',
    kind: 'batchNorm',
    params: { epsilon: 1e-3, momentum: 0.9 },
    inputs: [[3, 2, 3, 3]],
    training: true,
  },
  {
    name: 'batchNorm training, vector',
    kind: 'batchNorm',
    params: { epsilon: 1e-3, momentum: 0.9 },
    inputs: [[5, 4]],
    training: true,
  },
  {
    name: 'batchNorm evaluation, map',
    kind: 'batchNorm',
    params: { epsilon: 1e-3, momentum: 0.9 },
    inputs: [[3, 2, 3, 3]],
  },
  {
    name: 'batchNorm evaluation, vector',
    kind: 'batchNorm',
    params: { epsilon: 1e-3, momentum: 0.9 },
    inputs: [[5, 4]],
  },
  {
    name: 'add, two maps',
    kind: 'add',
    params: {},
    inputs: [
      [2, 3, 2, 2],
      [2, 3, 2, 2],
    ],
  },
  {
    name: 'add, three vectors',
    kind: 'add',
    params: {},
    inputs: [
      [2, 4],
      [2, 4],
      [2, 4],
    ],
  },
  {
    name: 'concat, maps',
    kind: 'concat',
    params: {},
    inputs: [
      [2, 1, 3, 2],
      [2, 3, 3, 2],
    ],
  },
  {
    name: 'concat, vectors',
    kind: 'concat',
    params: {},
    inputs: [
      [2, 2],
      [2, 5],
      [2, 1],
    ],
  },
  { name: 'input (identity)', kind: 'input', params: { channels: 1, height: 3, width: 3 }, inputs: [[2, 1, 3, 3]] },
];

describe('gradients match finite differences', () => {
  it.each([...convCases, ...poolCases, ...otherCases].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    for (const r of check(c)) {
      if (process.env.GRADCHECK_VERBOSE) console.log(c.name, r);
      expect(r.skipped, `${r.name}: too many kinks`).toBeLessThanOrEqual(Math.max(1, r.checked / 10));
      expect(r.err, `${c.name} — ${r.name}`).toBeLessThan(TOL);
    }
  });

  it('softmax cross-entropy: dLogits is the gradient of the mean loss', () => {
    const rng = createRng(3);
    const logits = randomTensor([4, 5], rng);
    logits.data[3] = 40; // a large logit must not overflow
    const labels = new Int32Array([1, 0, 4, 2]);
    const { loss, dLogits } = softmaxCrossEntropy(logits, labels);
    expect(Number.isFinite(loss)).toBe(true);
    for (let i = 0; i < logits.data.length; i++) {
      const v = logits.data[i];
      logits.data[i] = v + EPS;
      const lp = softmaxCrossEntropy(logits, labels).loss;
      logits.data[i] = v - EPS;
      const lm = softmaxCrossEntropy(logits, labels).loss;
      logits.data[i] = v;
      expect(Math.abs(dLogits.data[i] - (lp - lm) / (2 * EPS))).toBeLessThan(1e-3);
    }
  });
});
