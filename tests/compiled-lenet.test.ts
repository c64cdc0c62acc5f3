/**
 * SLOW (about 20 s on 2 shared cores): LeNet-5 trained on 8,000 MNIST digits with the same seed on both backends — the
 * engine's trainer (one thread, so its dropout/shuffle streams are the single-model ones) and the compiled
 * graph on onnxruntime's CPU provider — must reach the same test accuracy within 0.5 percentage points.
 * One epoch (Adam, lr 0.001, batch 64, seed 1, no validation split) is enough to separate a wrong backward
 * (chance level, or several points off) from float rounding (the runs drift apart only in the last bits).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument } from '../src/engine/document.js';
import { evaluate } from '../src/engine/train/evaluate.js';
import { Model } from '../src/engine/train/model.js';
import { createOptimizer } from '../src/engine/train/optimizers.js';
import { normalizeSettings } from '../src/engine/train/settings.js';
import { train } from '../src/engine/train/trainer.js';
import { initWeights } from '../src/engine/weights.js';
import { optimizerOf } from '../src/main/training/backend.js';
import { evaluateCompiled, trainCompiled } from '../src/main/compiled/loop.js';
import { CompiledTrainer } from '../src/main/compiled/runtime.js';
import { loadMnist } from '../src/main/datasets/mnist.js';
import { sliceSplit } from '../src/engine/datasets/types.js';

describe('LeNet-5 on mnist: compiled backend = engine (slow)', () => {
  it('reaches the engine test accuracy within 0.5 pp after one epoch with the same seed', async () => {
    const loaded = loadDocument(readFileSync(new URL('../resources/examples/lenet5.json', import.meta.url), 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error);
    const doc = loaded.document;
    const a = analyze(doc);
    // The first 8,000 of MNIST's 60,000 training digits keep the engine's epoch under a minute; the official
    // 10,000 test digits score both.
    const mnist = await loadMnist();
    const data = { ...mnist, train: sliceSplit(mnist.train, 784, 0, 8000) };
    const settings = normalizeSettings({
      dataset: 'mnist',
      epochs: 1,
      batchSize: 64,
      optimizer: 'adam',
      lr: 0.001,
      seed: 1,
      valSplit: 0,
    });

    const model = new Model(doc, a, initWeights(a, settings.seed), { dropoutSeed: settings.seed });
    const engineRun = await train(model, createOptimizer(optimizerOf(settings), model.slots), data.train, settings);
    expect(engineRun.error).toBeNull();
    const engineTest = evaluate(model, data.test);

    const trainer = await CompiledTrainer.create(doc, initWeights(a, settings.seed), {
      optimizer: optimizerOf(settings),
      provider: 'cpu',
      dropoutSeed: settings.seed,
    });
    try {
      const run = await trainCompiled(trainer, data.train, settings);
      expect(run.error).toBeNull();
      const test = await evaluateCompiled(trainer, data.test);
      // The per-epoch training metrics agree too (same batches, same order).
      expect(Math.abs(run.epochs[0].accuracy - engineRun.epochs[0].accuracy)).toBeLessThan(0.005);
      expect(test.accuracy).toBeGreaterThan(0.9);
      expect(Math.abs(test.accuracy - engineTest.accuracy)).toBeLessThanOrEqual(0.005);
      console.log(
        `LeNet-5, 1 epoch: engine test accuracy ${(engineTest.accuracy * 100).toFixed(2)}%, ` +
          `compiled ${(test.accuracy * 100).toFixed(2)}%`,
      );
    } finally {
      await trainer.release();
    }
  }, 180_000);
});
