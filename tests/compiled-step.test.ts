/**
 * One compiled training step against one engine step, for every kind and variant: the loss, the correct count,
 * every parameter gradient, the updated weights and the running statistics, after each of two steps (so the
 * optimizer state is exercised too). Tolerance: 1e-4 relative to the reference tensor's largest magnitude.
 *
 * Inputs have blank (all-zero) regions and biases start positive, so max-pool windows hold ties at the same
 * value — the case where the tie-break must match the engine's (first maximum in row-major order).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import type { GraphDocument } from '../src/engine/document.js';
import type { GraphOptions } from '../src/engine/compile/index.js';
import { createRng } from '../src/engine/rng.js';
import { Model } from '../src/engine/train/model.js';
import { createOptimizer, type OptimizerConfig } from '../src/engine/train/optimizers.js';
import { initWeights, type WeightMap } from '../src/engine/weights.js';
import { CompiledTrainer } from '../src/main/compiled/runtime.js';
import { chain, graph, node } from './helpers.js';

const TOL = 1e-4;

function relErr(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

const clone = (w: WeightMap): WeightMap =>
  Object.fromEntries(
    Object.entries(w).map(([id, t]) => [id, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.slice()]))]),
  );

/** A batch with a blank band in every image (ties in pools) and labels cycling over the classes. */
function batch(doc: GraphDocument, n: number, seed: number) {
  const a = analyze(doc);
  const [c, h, w] = a.nodes[a.inputId!].outputShape!;
  const classes = a.nodes[a.outputIds[0]].outputShape![0];
  const rng = createRng(seed);
  const x = new Float32Array(n * c * h * w);
  for (let i = 0; i < x.length; i++) {
    const row = Math.floor(i / w) % h;
    x[i] = row < Math.ceil(h / 3) ? 0 : rng.next();
  }
  const y = Int32Array.from({ length: n }, (_, i) => (i * 7 + seed) % classes);
  return { x, y };
}

async function compare(doc: GraphDocument, optimizer: OptimizerConfig, n = 6, graphOptions: GraphOptions = {}) {
  const analysis = analyze(doc);
  expect(analysis.errors).toEqual([]);
  const init = initWeights(analysis, 3);
  // Positive biases (and non-trivial batch-norm parameters) so that blank regions give equal positive activations.
  const rng = createRng(11);
  for (const [id, tensors] of Object.entries(init)) {
    for (const spec of analysis.nodes[id].tensors) {
      if (spec.role === 'bias' || (spec.role === 'weight' && analysis.nodes[id].kind === 'batchNorm')) {
        const t = tensors[spec.name];
        for (let i = 0; i < t.length; i++) t[i] = 0.05 + 0.1 * rng.next();
      }
    }
  }
  const engineWeights = clone(init);
  const model = new Model(doc, analysis, engineWeights, { dropoutSeed: 5 });
  const opt = createOptimizer(optimizer, model.slots);
  const compiled = await CompiledTrainer.create(doc, clone(init), {
    optimizer,
    gradients: true,
    dropoutSeed: 5,
    provider: 'cpu',
    threads: 1,
    graph: graphOptions,
  });
  try {
    for (let stepNo = 0; stepNo < 2; stepNo++) {
      const { x, y } = batch(doc, n, stepNo + 1);
      model.zeroGrads();
      const want = model.lossAndGrads(x, y, n);
      const got = await compiled.step(x, y, n);
      expect(Math.abs(got.loss - want.loss) / Math.abs(want.loss)).toBeLessThan(TOL);
      expect(got.correct).toBe(want.correct);
      for (const slot of model.slots) {
        const g = got.gradients![slot.name];
        expect(g, `gradient of ${slot.name}`).toBeDefined();
        expect(relErr(g, slot.grad), `gradient of ${slot.name}, step ${stepNo + 1}`).toBeLessThan(TOL);
      }
      opt.step();
      const after = compiled.weights();
      for (const [id, tensors] of Object.entries(engineWeights)) {
        for (const [name, values] of Object.entries(tensors)) {
          expect(relErr(after[id][name], values), `${id}.${name} after step ${stepNo + 1}`).toBeLessThan(TOL);
        }
      }
    }
  } finally {
    await compiled.release();
  }
}

const sgd: OptimizerConfig = { name: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 };
const adam: OptimizerConfig = { name: 'adam', lr: 0.01, weightDecay: 1e-2 };
const input = (c: number, h: number, w: number) => node('in', 'input', { channels: c, height: h, width: w });
const head = (units = 4, activation = 'softmax') => [
  node('flat', 'flatten'),
  node('out', 'dense', { units, activation }),
];

describe('compiled step = engine step', () => {
  it(
    'conv2d: same padding + relu, valid stride 2 + tanh (output_padding), ' +
      'pad 1 no bias sigmoid, rectangular leakyRelu',
    async () => {
      await compare(
        chain(
          input(2, 9, 9),
          node('c1', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
          node('c2', 'conv2d', { filters: 4, kernelSize: 3, stride: 2, padding: 'valid', activation: 'tanh' }),
          node('c3', 'conv2d', {
            filters: 3,
            kernelSize: 2,
            stride: 2,
            padding: 1,
            useBias: false,
            activation: 'sigmoid',
          }),
          node('c4', 'conv2d', {
            filters: 2,
            kernelSize: [3, 2],
            stride: [2, 1],
            padding: 'same',
            activation: 'leakyRelu',
          }),
          ...head(),
        ),
        sgd,
      );
    },
  );

  for (const route of ['swapped', 'offsets'] as const) {
    it(
      `conv2d weight gradient by ${route === 'swapped' ? 'the swapped-roles Conv' : 'per-offset GEMMs'}: ` +
        `stride 2 with end padding, many channels`,
      async () => {
        const net = chain(
          input(3, 9, 8),
          node('c1', 'conv2d', { filters: 9, kernelSize: 3, stride: 2, padding: 'same', activation: 'relu' }),
          node('c2', 'conv2d', { filters: 4, kernelSize: [2, 3], stride: [1, 2], padding: 1, activation: 'tanh' }),
          node('c3', 'conv2d', { filters: 3, kernelSize: 2, useBias: false }),
          ...head(),
        );
        await compare(net, adam, 6, { convWeightGrad: route });
      },
    );
  }

  for (const route of ['indices', 'mask', 'unpool'] as const) {
    for (const fuseRelu of [true, false]) {
      it(
        `maxPool2d (${route} route, relu ${fuseRelu ? 'moved after the pool' : 'in place'}): ` +
          `tiling 2×2 with ties, odd size, same padding, overlapping 3/2, gapped 2/3`,
        async () => {
          const g = { maxPoolRoute: route, fuseRelu };
          await compare(
            chain(
              input(1, 9, 9),
              node('c', 'conv2d', { filters: 2, kernelSize: 1, activation: 'relu' }),
              node('p', 'maxPool2d', { poolSize: 2 }),
              ...head(),
            ),
            sgd,
            6,
            g,
          );
          await compare(
            chain(input(2, 7, 7), node('p', 'maxPool2d', { poolSize: 2, padding: 'same' }), ...head()),
            sgd,
            6,
            g,
          );
          await compare(
            chain(
              input(2, 9, 9),
              node('p', 'maxPool2d', { poolSize: 3, stride: 2 }),
              node('c', 'conv2d', { filters: 2, kernelSize: 2 }),
              ...head(),
            ),
            adam,
            6,
            g,
          );
          await compare(
            chain(
              input(1, 8, 8),
              node('c', 'conv2d', { filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }),
              node('p', 'maxPool2d', { poolSize: 2, stride: 3 }),
              ...head(),
            ),
            sgd,
            6,
            g,
          );
          await compare(
            chain(
              input(1, 9, 8),
              node('lc', 'locallyConnected2d', { filters: 2, kernelSize: 2, activation: 'relu' }),
              node('p', 'maxPool2d', { poolSize: [3, 2], padding: 1 }),
              ...head(),
            ),
            sgd,
            6,
            g,
          );
        },
      );
    }
  }

  it('avgPool2d (uniform, padded with count_include_pad 0, overlapping) and globalAvgPool2d', async () => {
    await compare(
      chain(
        input(2, 8, 8),
        node('p', 'avgPool2d', { poolSize: 2 }),
        node('c', 'conv2d', { filters: 3, kernelSize: 3 }),
        node('g', 'globalAvgPool2d'),
        node('out', 'dense', { units: 3 }),
      ),
      sgd,
    );
    await compare(
      chain(
        input(2, 7, 7),
        node('c', 'conv2d', { filters: 2, kernelSize: 1 }),
        node('p', 'avgPool2d', { poolSize: 3, stride: 2, padding: 1 }),
        ...head(),
      ),
      adam,
    );
  });

  it('dense: no bias, linear output, every activation node incl. channel softmax on a feature map', async () => {
    await compare(
      chain(
        input(1, 4, 4),
        node('flat', 'flatten'),
        node('d1', 'dense', { units: 6, useBias: false, activation: 'tanh' }),
        node('out', 'dense', { units: 3 }),
      ),
      sgd,
    );
    await compare(
      chain(
        input(2, 5, 5),
        node('c', 'conv2d', { filters: 3, kernelSize: 3 }),
        node('a1', 'activation', { fn: 'softmax' }),
        node('a2', 'activation', { fn: 'sigmoid' }),
        node('a3', 'activation', { fn: 'leakyRelu' }),
        node('flat', 'flatten'),
        node('d', 'dense', { units: 5 }),
        node('a4', 'activation', { fn: 'relu' }),
        node('a5', 'activation', { fn: 'tanh' }),
        node('out', 'dense', { units: 3 }),
        node('sm', 'activation', { fn: 'softmax' }),
      ),
      adam,
    );
  });

  it('dropout (masks from the same seeded rng) and batchNorm (feature map and flat, running statistics)', async () => {
    await compare(
      chain(
        input(2, 6, 6),
        node('c', 'conv2d', { filters: 3, kernelSize: 3, activation: 'relu' }),
        node('bn1', 'batchNorm'),
        node('drop1', 'dropout', { rate: 0.3 }),
        node('flat', 'flatten'),
        node('d', 'dense', { units: 8, activation: 'relu' }),
        node('bn2', 'batchNorm', { momentum: 0.8 }),
        node('drop0', 'dropout', { rate: 0 }),
        node('out', 'dense', { units: 3, activation: 'softmax' }),
      ),
      sgd,
      8,
    );
  });

  it('add (residual, and three-way) and concat (feature maps of different widths, and flat vectors)', async () => {
    const nodes = [
      input(2, 6, 6),
      node('c1', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
      node('c2', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
      node('sum', 'add'),
      node('c3', 'conv2d', { filters: 2, kernelSize: 1 }),
      node('cat', 'concat'),
      node('flat', 'flatten'),
      node('out', 'dense', { units: 3, activation: 'softmax' }),
    ];
    const edges: [string, string][] = [
      ['in', 'c1'],
      ['c1', 'c2'],
      ['c2', 'sum'],
      ['c1', 'sum'],
      ['sum', 'c3'],
      ['sum', 'cat'],
      ['c3', 'cat'],
      ['cat', 'flat'],
      ['flat', 'out'],
    ];
    await compare(graph(nodes, edges), sgd);
    // Three-way add (Sum) and a concat of flat vectors.
    const flat = [
      input(1, 5, 5),
      node('flat', 'flatten'),
      node('d1', 'dense', { units: 4, activation: 'tanh' }),
      node('d2', 'dense', { units: 4, activation: 'relu' }),
      node('d3', 'dense', { units: 4 }),
      node('sum3', 'add'),
      node('cat', 'concat'),
      node('out', 'dense', { units: 3, activation: 'softmax' }),
    ];
    const flatEdges: [string, string][] = [
      ['in', 'flat'],
      ['flat', 'd1'],
      ['flat', 'd2'],
      ['d1', 'd3'],
      ['d1', 'sum3'],
      ['d2', 'sum3'],
      ['d3', 'sum3'],
      ['sum3', 'cat'],
      ['d2', 'cat'],
      ['cat', 'out'],
    ];
    await compare(graph(flat, flatEdges), adam);
  });

  it('locallyConnected2d: valid, same with stride 2, no bias', async () => {
    await compare(
      chain(
        input(2, 7, 7),
        node('lc', 'locallyConnected2d', { filters: 3, kernelSize: 3, activation: 'relu' }),
        ...head(),
      ),
      sgd,
    );
    await compare(
      chain(
        input(1, 7, 6),
        node('lc', 'locallyConnected2d', {
          filters: 2,
          kernelSize: [3, 2],
          stride: 2,
          padding: 'same',
          useBias: false,
          activation: 'tanh',
        }),
        node('c', 'conv2d', { filters: 2, kernelSize: 2 }),
        ...head(),
      ),
      adam,
    );
  });

  it(
    'depthwiseConv2d: same + relu into a max pool, stride 2 with end padding and multiplier 2, ' +
      'no bias, then a 1×1 conv',
    async () => {
      await compare(
        chain(
          input(3, 9, 8),
          node('dw1', 'depthwiseConv2d', { kernelSize: 3, padding: 'same', activation: 'relu' }),
          node('p', 'maxPool2d', { poolSize: 2, padding: 'same' }),
          node('dw2', 'depthwiseConv2d', {
            kernelSize: [3, 2],
            stride: 2,
            padding: 'same',
            depthMultiplier: 2,
            activation: 'tanh',
          }),
          node('dw3', 'depthwiseConv2d', { kernelSize: 2, padding: 1, useBias: false, activation: 'leakyRelu' }),
          node('pw', 'conv2d', { filters: 4, kernelSize: 1 }),
          ...head(),
        ),
        adam,
      );
      await compare(
        chain(
          input(2, 7, 7),
          node('dw', 'depthwiseConv2d', { kernelSize: 3, stride: 2, depthMultiplier: 3, activation: 'sigmoid' }),
          ...head(),
        ),
        sgd,
      );
    },
  );

  it('optimizers: SGD without momentum, Adam with L2 weight decay, SGD with decoupled decay', async () => {
    const net = chain(
      input(1, 6, 6),
      node('c', 'conv2d', { filters: 2, kernelSize: 3, activation: 'relu' }),
      node('p', 'maxPool2d'),
      ...head(3),
    );
    await compare(net, { name: 'sgd', lr: 0.1 });
    await compare(net, { name: 'adam', lr: 0.003, beta1: 0.8, beta2: 0.99, weightDecay: 0.01, weightDecayMode: 'l2' });
    await compare(net, { name: 'sgd', lr: 0.1, momentum: 0.5, weightDecay: 0.01, weightDecayMode: 'decoupled' });
  });
});
