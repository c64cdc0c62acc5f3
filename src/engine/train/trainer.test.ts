import { describe, expect, it } from 'vitest';
import { chain, node } from '../../../tests/helpers.js';
import { makeShapes } from '../datasets/shapes.js';
import type { TrainingSettings } from '../document.js';
import { initWeights } from '../weights.js';
import { checkTrainable } from './check.js';
import { Model } from './model.js';
import { createOptimizer } from './optimizers.js';
import { splitIndices, train, type TrainHooks } from './trainer.js';

const data = makeShapes({ height: 12, width: 12, trainCount: 240, testCount: 40, seed: 4 });
const doc = chain(
  node('in', 'input', { channels: 1, height: 12, width: 12 }),
  node('c', 'conv2d', { filters: 4, kernelSize: 3, activation: 'relu' }),
  node('p', 'maxPool2d', { poolSize: 2 }),
  node('d', 'dropout', { rate: 0.2 }),
  node('f', 'flatten'),
  node('out', 'dense', { units: 5, activation: 'softmax' }),
);
const base: TrainingSettings = { dataset: 'shapes', epochs: 2, batchSize: 32, optimizer: 'adam', lr: 0.01, momentum: 0.9, weightDecay: 0, seed: 1, valSplit: 0.2 };

async function run(settings: Partial<TrainingSettings> = {}, hooks: TrainHooks = {}) {
  const s = { ...base, ...settings };
  const a = checkTrainable(doc, data);
  const model = new Model(doc, a, initWeights(a, s.seed), { dropoutSeed: s.seed });
  const opt = createOptimizer({ name: s.optimizer, lr: s.lr, momentum: s.momentum }, model.slots);
  const losses: number[] = [];
  const result = await train(model, opt, data.train, s, { ...hooks, onBatch: (p) => (losses.push(p.loss), hooks.onBatch?.(p)) });
  return { result, losses, weights: model.weights };
}

describe('train', () => {
  it('is reproducible: the same seed gives identical weights and loss curve, another seed does not', async () => {
    const one = await run();
    const two = await run();
    expect(two.losses).toEqual(one.losses);
    expect(two.result.epochs.map((e) => [e.loss, e.accuracy, e.valLoss])).toEqual(one.result.epochs.map((e) => [e.loss, e.accuracy, e.valLoss]));
    for (const [id, tensors] of Object.entries(one.weights)) for (const [name, w] of Object.entries(tensors)) expect(two.weights[id][name]).toEqual(w);
    const other = await run({ seed: 2 });
    expect(other.losses).not.toEqual(one.losses);
  });

  it('reports per-epoch metrics and learns', async () => {
    const { result } = await run({ epochs: 6 });
    expect(result.epochs).toHaveLength(6);
    const [first, last] = [result.epochs[0], result.epochs[5]];
    expect(Object.keys(first).sort()).toEqual(['accuracy', 'epoch', 'loss', 'samplesPerSecond', 'seconds', 'valAccuracy', 'valLoss']);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.valAccuracy).toBeGreaterThan(0.45); // chance is 0.2
  });

  it('stops within one batch of the request', async () => {
    let batches = 0;
    let requested = false;
    const { result } = await run({ epochs: 5 }, { shouldStop: () => requested, onBatch: () => ((batches += 1), batches === 3 && (requested = true)) });
    expect(result.stopped).toBe(true);
    expect(batches).toBe(3);
    expect(result.epochs).toEqual([]);
  });

  it('stops on a NaN or infinite loss, naming epoch and batch and suggesting a lower learning rate', async () => {
    let calls = 0;
    const { result } = await run({ lr: 0.5 }, { gradients: () => ({ loss: ++calls === 9 ? NaN : 1, correct: 0 }) });
    // 192 training samples / 32 = 6 batches per epoch: call 9 is epoch 2, batch 3.
    expect(result.error).toEqual({ epoch: 2, batch: 3, message: 'the loss became NaN at epoch 2, batch 3 — the learning rate (0.5) is probably too high; try a lower one, e.g. 0.05' });
    // A real overflow: a step this large makes float32 weights infinite, then the logits Inf − Inf = NaN.
    const diverged = (await run({ optimizer: 'sgd', lr: 1e38, momentum: 0 })).result;
    expect(diverged.error?.message).toMatch(/^the loss became (NaN|infinite) at epoch 1, batch \d+ — the learning rate \(1e\+38\) is probably too high/);
  });

  it('holds out a seeded validation split, disjoint from training', () => {
    const a = splitIndices(100, 0.2, 1);
    expect(a.val).toHaveLength(20);
    expect(a.train).toHaveLength(80);
    expect(new Set([...a.train, ...a.val]).size).toBe(100);
    expect(splitIndices(100, 0.2, 1).val).toEqual(a.val);
    expect(splitIndices(100, 0.2, 2).val).not.toEqual(a.val);
    expect(() => splitIndices(10, 1, 1)).toThrow(/validation split/);
  });
});
