import { describe, expect, it } from 'vitest';
import { chain, node } from '../../../tests/helpers.js';
import { makeShapes } from '../datasets/shapes.js';
import type { TrainingSettings } from '../document.js';
import { initWeights } from '../weights.js';
import { checkTrainable } from './check.js';
import { Model } from './model.js';
import { createOptimizer } from './optimizers.js';
import {
  guessingLoss,
  lossWatch,
  RECENT_BATCHES,
  splitIndices,
  train,
  type BatchProgress,
  type TrainHooks,
} from './trainer.js';

const data = makeShapes({ height: 12, width: 12, trainCount: 240, testCount: 40, seed: 4 });
const doc = chain(
  node('in', 'input', { channels: 1, height: 12, width: 12 }),
  node('c', 'conv2d', { filters: 4, kernelSize: 3, activation: 'relu' }),
  node('p', 'maxPool2d', { poolSize: 2 }),
  node('d', 'dropout', { rate: 0.2 }),
  node('f', 'flatten'),
  node('out', 'dense', { units: 5, activation: 'softmax' }),
);
const base: TrainingSettings = {
  dataset: 'shapes',
  epochs: 2,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.2,
};

async function run(settings: Partial<TrainingSettings> = {}, hooks: TrainHooks = {}) {
  const s = { ...base, ...settings };
  const a = checkTrainable(doc, data);
  const model = new Model(doc, a, initWeights(a, s.seed), { dropoutSeed: s.seed });
  const opt = createOptimizer({ name: s.optimizer, lr: s.lr, momentum: s.momentum }, model.slots);
  const losses: number[] = [];
  const result = await train(model, opt, data.train, s, {
    ...hooks,
    onBatch: (p) => (losses.push(p.loss), hooks.onBatch?.(p)),
  });
  return { result, losses, weights: model.weights };
}

describe('train', () => {
  it('is reproducible: the same seed gives identical weights and loss curve, another seed does not', async () => {
    const one = await run();
    const two = await run();
    expect(two.losses).toEqual(one.losses);
    expect(two.result.epochs.map((e) => [e.loss, e.accuracy, e.valLoss])).toEqual(
      one.result.epochs.map((e) => [e.loss, e.accuracy, e.valLoss]),
    );
    for (const [id, tensors] of Object.entries(one.weights))
      for (const [name, w] of Object.entries(tensors)) expect(two.weights[id][name]).toEqual(w);
    const other = await run({ seed: 2 });
    expect(other.losses).not.toEqual(one.losses);
  });

  it('reports per-epoch metrics and learns', async () => {
    const { result } = await run({ epochs: 6 });
    expect(result.epochs).toHaveLength(6);
    const [first, last] = [result.epochs[0], result.epochs[5]];
    expect(Object.keys(first).sort()).toEqual([
      'accuracy',
      'epoch',
      'loss',
      'samplesPerSecond',
      'seconds',
      'valAccuracy',
      'valLoss',
    ]);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.valAccuracy).toBeGreaterThan(0.45); // chance is 0.2
  });

  it('stops within one batch of the request', async () => {
    let batches = 0;
    let requested = false;
    const { result } = await run(
      { epochs: 5 },
      { shouldStop: () => requested, onBatch: () => ((batches += 1), batches === 3 && (requested = true)) },
    );
    expect(result.stopped).toBe(true);
    expect(batches).toBe(3);
    expect(result.epochs).toEqual([]);
  });

  it('stops on a NaN or infinite loss, naming epoch and batch and suggesting a lower learning rate', async () => {
    let calls = 0;
    const { result } = await run({ lr: 0.5 }, { gradients: () => ({ loss: ++calls === 9 ? NaN : 1, correct: 0 }) });
    // 192 training samples / 32 = 6 batches per epoch: call 9 is epoch 2, batch 3.
    expect(result.error).toEqual({
      epoch: 2,
      batch: 3,
      message:
        'the loss became NaN at epoch 2, batch 3 — the learning rate (0.5) is probably too high; ' +
        'try a lower one, e.g. 0.05',
    });
    // A real overflow: a step this large makes float32 weights infinite, then the logits Inf − Inf = NaN.
    const diverged = (await run({ optimizer: 'sgd', lr: 1e38, momentum: 0 })).result;
    expect(diverged.error?.message).toMatch(
      /^the loss became (NaN|infinite) at epoch 1, batch \d+ — the learning rate \(1e\+38\) is probably too high/,
    );
  });

  it('warns once when the loss climbs far above its first batch, and goes on training', async () => {
    let calls = 0;
    const warned: unknown[] = [];
    // 6 batches per epoch; the losses start at 1 and jump to 50 from call 3 on. The trend (the mean of the latest
    // 10 batches) is first judged at call 10, epoch 2 batch 4: (1 + 1 + 8 · 50) / 10 = 40.2.
    const { result } = await run(
      { epochs: 3 },
      { gradients: () => ({ loss: ++calls < 3 ? 1 : 50, correct: 0 }), onWarning: (w) => warned.push(w) },
    );
    expect(result.epochs).toHaveLength(3);
    expect(result.error).toBeNull();
    expect(result.warnings).toEqual(warned);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ epoch: 2, batch: 4 });
    expect(result.warnings[0].message).toMatch(
      new RegExp(
        /^the loss is climbing: 40\.20 over the 10 batches to epoch 2, batch 4, /.source +
          /against 1\.00 at the first batch — training is diverging; /.source +
          /the learning rate \(0\.01\) is probably too high; try a lower one, e\.g\. 0\.001$/.source,
      ),
    );
  });

  it('warns at the end of an epoch when the loss is no better than guessing by class frequency', async () => {
    const guess = guessingLoss(data.train.y, splitIndices(data.train.count, base.valSplit, base.seed).train);
    const stuck = await run({ epochs: 10 }, { gradients: () => ({ loss: guess + 0.001, correct: 0 }) });
    // A network gets 50 batches before it is judged: 6 per epoch, so the first epoch end after them is epoch 9's.
    expect(stuck.result.warnings.map((w) => [w.epoch, w.batch])).toEqual([[9, 6]]);
    expect(stuck.result.warnings[0].message).toContain(
      `no better than guessing by class frequency (${guess.toFixed(2)})`,
    );
    expect(stuck.result.warnings[0].message).toContain('the learning rate (0.01) is too low: try 0.1');
    const learning = await run({ epochs: 10 }, { gradients: () => ({ loss: guess - 0.2, correct: 0 }) });
    expect(learning.result.warnings).toEqual([]);
  });

  it('reports the means of the epoch so far and of the latest batches, across epoch boundaries', async () => {
    // 6 batches of 32 per epoch; call k has loss k and k correct samples.
    let calls = 0;
    const seen: BatchProgress[] = [];
    await run(
      { epochs: 5 },
      { gradients: () => (++calls, { loss: calls, correct: calls }), onBatch: (p) => seen.push(p) },
    );
    expect(seen).toHaveLength(30);
    const mean = (from: number, to: number) => (from + to) / 2; // of the integers from..to
    for (const [k, p] of seen.entries()) {
      const call = k + 1;
      const epochStart = (p.epoch - 1) * 6 + 1;
      expect(p.loss).toBeCloseTo(mean(epochStart, call), 10);
      expect(p.accuracy).toBeCloseTo(mean(epochStart, call) / 32, 10);
      const from = Math.max(1, call - RECENT_BATCHES + 1);
      expect(p.recentLoss).toBeCloseTo(mean(from, call), 10);
      expect(p.recentAccuracy).toBeCloseTo(mean(from, call) / 32, 10);
    }
    // Epoch 5, batch 1: the epoch mean starts afresh at 25, the recent mean spans calls 6–25.
    expect(seen[24]).toMatchObject({ epoch: 5, batch: 1, loss: 25, recentLoss: 15.5 });
  });

  it('a healthy run warns nothing', async () => {
    expect((await run({ epochs: 10 })).result.warnings).toEqual([]);
  });

  it('guessingLoss is the entropy of the class frequencies', () => {
    expect(guessingLoss([0, 1, 2, 3], [0, 1, 2, 3])).toBeCloseTo(Math.log(4), 12);
    // Labels 0, 0, 0, 1 over the picked indices: −(¾·ln ¾ + ¼·ln ¼).
    expect(guessingLoss([0, 1, 0, 0, 9], [0, 2, 3, 1])).toBeCloseTo(
      -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)),
      12,
    );
    const w = lossWatch(0.1, 1);
    // Nine batches at 0.5, then 5: the mean of the latest 10 is 0.95, 1.4, then 1.85 at batch 12, the first above
    // max(2 · 0.5, 0.5 + 1) = 1.5. It warns there, and once only.
    const said = Array.from({ length: 30 }, (_, i) => w.batch(i < 9 ? 0.5 : 5, 1, i + 1));
    expect(said.map((m, i) => (m ? i + 1 : 0)).filter(Boolean)).toEqual([12]);
    expect(said[11]).toMatch(
      /^the loss is climbing: 1\.85 over the 10 batches to epoch 1, batch 12, against 0\.50 at the first batch/,
    );
    expect(w.epochEnd(1)).toBeNull(); // a climbing run is not also called "guessing"
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
