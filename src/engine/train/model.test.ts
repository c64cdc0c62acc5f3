import { describe, expect, it } from 'vitest';
import { chain, graph, node } from '../../../tests/helpers.js';
import { analyze } from '../analyze.js';
import { softmaxCrossEntropy } from '../loss.js';
import { createRng } from '../rng.js';
import { initWeights } from '../weights.js';
import { checkGraph, checkTrainable, TrainError } from './check.js';
import { Model } from './model.js';

/** conv a feeds both conv b and the add (fan-out), so a's gradient is the sum of two paths. */
function residual() {
  return graph(
    [
      node('in', 'input', { channels: 1, height: 6, width: 6 }),
      node('a', 'conv2d', { filters: 2, kernelSize: 3, padding: 'same', activation: 'tanh' }),
      node('b', 'conv2d', { filters: 2, kernelSize: 3, padding: 'same', activation: 'tanh' }),
      node('sum', 'add'),
      node('flat', 'flatten'),
      node('out', 'dense', { units: 3, activation: 'softmax' }),
    ],
    [
      ['in', 'a'],
      ['a', 'b'],
      ['a', 'sum'],
      ['b', 'sum'],
      ['sum', 'flat'],
      ['flat', 'out'],
    ],
  );
}

describe('Model', () => {
  const doc = residual();
  const a = checkGraph(doc);
  const rng = createRng(3);
  const n = 4;
  const x = new Float32Array(n * 36).map(() => rng.next());
  const y = Int32Array.of(0, 1, 2, 1);

  it('sums the gradients of a fan-out node: backward agrees with central differences', () => {
    const model = new Model(doc, a, initWeights(a, 5));
    model.zeroGrads();
    model.lossAndGrads(x, y, n);
    const lossAt = () => softmaxCrossEntropy(model.forward(x, n, false), y).loss;
    for (const [id, name] of [
      ['a', 'W'],
      ['a', 'b'],
      ['b', 'W'],
      ['out', 'W'],
    ] as const) {
      const w = model.weights[id][name];
      const g = model.grads[id][name];
      for (const i of new Set([0, 3, Math.floor(w.length / 2), w.length - 1].map((k) => Math.min(k, w.length - 1)))) {
        const keep = w[i];
        const h = 1e-2;
        w[i] = keep + h;
        const up = lossAt();
        w[i] = keep - h;
        const down = lossAt();
        w[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(g[i] - numeric), `${id}.${name}[${i}]: ${g[i]} vs ${numeric}`).toBeLessThan(
          2e-3 + 2e-2 * Math.abs(numeric),
        );
      }
    }
  });

  it('trains on the logits (softmax switched off) and predicts probabilities', () => {
    const model = new Model(doc, a, initWeights(a, 5));
    const logits = model.forward(x, n, false).data.slice();
    const p = model.predict(x, n);
    for (let s = 0; s < n; s++) {
      const row = p.subarray(s * 3, s * 3 + 3);
      expect(row.reduce((u, v) => u + v, 0)).toBeCloseTo(1, 5);
      const z = logits.subarray(s * 3, s * 3 + 3);
      const e = z.map((v) => Math.exp(v - Math.max(...z)));
      const sum = e.reduce((u, v) => u + v, 0);
      for (let k = 0; k < 3; k++) expect(row[k]).toBeCloseTo(e[k] / sum, 5);
    }
    // The logits are not probabilities: the output layer ran linear.
    expect(Math.abs(logits.slice(0, 3).reduce((u, v) => u + v, 0) - 1)).toBeGreaterThan(1e-3);
  });

  it('scales gradients for data-parallel shares: two halves sum to the whole batch', () => {
    const w = initWeights(a, 5);
    const whole = new Model(doc, a, w);
    whole.zeroGrads();
    whole.lossAndGrads(x, y, n);
    const half = new Model(doc, a, w);
    half.zeroGrads();
    half.lossAndGrads(x.subarray(0, 2 * 36), y.subarray(0, 2), 2, 0.5);
    half.lossAndGrads(x.subarray(2 * 36), y.subarray(2), 2, 0.5);
    for (const s of whole.slots) {
      const other = half.slots.find((t) => t.name === s.name)!;
      s.grad.forEach((v, i) => expect(other.grad[i]).toBeCloseTo(v, 5));
    }
  });
});

describe('checkTrainable', () => {
  const lenet = chain(
    node('in', 'input', { channels: 1, height: 28, width: 28 }),
    node('c', 'conv2d', { filters: 4, kernelSize: 5, activation: 'relu' }),
    node('f', 'flatten'),
    node('out', 'dense', { units: 10, activation: 'softmax' }),
  );
  const mnistLike = { shape: [1, 28, 28], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], name: 'mnist' };

  it('accepts a fitting graph', () => {
    expect(checkTrainable(lenet, mnistLike).outputIds).toEqual(['out']);
  });

  it('names the size to use when the input does not match the images', () => {
    const doc = structuredClone(lenet);
    doc.nodes[0].params = { channels: 3, height: 32, width: 32 };
    expect(() => checkTrainable(doc, mnistLike)).toThrow(
      'input "in" is 3×32×32 but the mnist images are 1×28×28 — set the input to channels 1, height 28, width 28',
    );
  });

  it('names the units to use when the classes differ', () => {
    expect(() => checkTrainable(lenet, { ...mnistLike, classes: ['a', 'b', 'c', 'd', 'e'] })).toThrow(
      /"out" has 10 values but the dataset has 5 classes .* set its units to 5/,
    );
  });

  it('refuses two outputs, an image output and graph errors', () => {
    const two = graph(
      [
        node('in', 'input', { channels: 1, height: 8, width: 8 }),
        node('f', 'flatten'),
        node('d1', 'dense', { units: 2 }),
        node('d2', 'dense', { units: 2 }),
      ],
      [
        ['in', 'f'],
        ['f', 'd1'],
        ['f', 'd2'],
      ],
    );
    expect(() => checkGraph(two)).toThrow(/2 outputs \("d1", "d2"\); training needs exactly one/);
    const image = chain(
      node('in', 'input', { channels: 1, height: 8, width: 8 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 3 }),
    );
    expect(() => checkGraph(image)).toThrow(/output "c" gives 2×6×6; .* flat vector/);
    const broken = chain(
      node('in', 'input', { channels: 1, height: 4, width: 4 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 7 }),
      node('f', 'flatten'),
      node('d', 'dense', { units: 2 }),
    );
    expect(() => checkGraph(broken)).toThrow(TrainError);
    expect(() => checkGraph(broken)).toThrow(/^the graph has errors: /);
  });

  it('analysis of an untrainable graph still reports through analyze', () => {
    expect(analyze(residual()).errors).toEqual([]);
  });
});
