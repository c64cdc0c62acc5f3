/**
 * The compiled backend around the step: graph structure for every example, evaluation = the engine's evaluate
 * (loss, accuracy, confusion, with batch-norm running statistics and dropout off), the loop's stop and NaN
 * behaviour, provider fallback reporting, and clear refusals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { compileEvaluation, compileTrainingStep, CompileError } from '../src/engine/compile/index.js';
import { makeShapes } from '../src/engine/datasets/shapes.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { decodeModel, opsetOf } from '../src/engine/onnx/builder.js';
import { graphProblems } from '../src/engine/onnx/check.js';
import { evaluate } from '../src/engine/train/evaluate.js';
import { Model } from '../src/engine/train/model.js';
import { normalizeSettings } from '../src/engine/train/settings.js';
import { train } from '../src/engine/train/trainer.js';
import { createOptimizer } from '../src/engine/train/optimizers.js';
import { initWeights } from '../src/engine/weights.js';
import { chooseBackend, optimizerOf } from '../src/main/training/backend.js';
import { runTraining } from '../src/main/training/run.js';
import type { TrainEvent } from '../src/shared/api.js';
import { evaluateCompiled, trainCompiled } from '../src/main/compiled/loop.js';
import { CompiledTrainer } from '../src/main/compiled/runtime.js';
import { chain, node } from './helpers.js';

const examplesDir = new URL('../resources/examples/', import.meta.url);
const example = (name: string): GraphDocument => {
  const r = loadDocument(readFileSync(new URL(name, examplesDir), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
};

/** A small CNN on 1×16×16 shapes with batch norm and dropout, so evaluation mode differs from training mode. */
const smallNet = () =>
  chain(
    node('in', 'input', { channels: 1, height: 16, width: 16 }),
    node('c1', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
    node('p1', 'maxPool2d'),
    node('bn', 'batchNorm'),
    node('flat', 'flatten'),
    node('drop', 'dropout', { rate: 0.25 }),
    node('out', 'dense', { units: 5, activation: 'softmax' }),
  );

describe('compiled graphs', () => {
  it('every example compiles to structurally valid opset-17 training and evaluation graphs', () => {
    for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.json'))) {
      const doc = example(file);
      for (const g of [
        compileTrainingStep(doc, { optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-4 } }),
        compileEvaluation(doc),
      ]) {
        const model = decodeModel(g.model);
        expect(opsetOf(model), file).toBe(17);
        expect(graphProblems(model.graph!), file).toEqual([]);
      }
    }
  });

  it('refuses a network that cannot be trained, naming the layer', () => {
    const bad = chain(
      node('in', 'input', { channels: 1, height: 8, width: 8 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 3 }),
    );
    expect(() => compileTrainingStep(bad, { optimizer: { name: 'sgd', lr: 0.1 } })).toThrow(CompileError);
    expect(() => compileTrainingStep(bad, { optimizer: { name: 'sgd', lr: 0.1 } })).toThrow(/"c".*flat/);
    const broken = chain(
      node('in', 'input', { channels: 1, height: 4, width: 4 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 7 }),
      node('flat', 'flatten'),
      node('out', 'dense', { units: 2 }),
    );
    expect(() => compileEvaluation(broken)).toThrow(/conv2d "c"/);
  });
});

describe('compiled runtime and loop', () => {
  const data = makeShapes({ height: 16, width: 16, trainCount: 300, testCount: 100 });

  it('evaluation matches the engine: loss, accuracy and confusion (running statistics, no dropout)', async () => {
    const doc = smallNet();
    const a = analyze(doc);
    const settings = normalizeSettings({
      dataset: 'shapes',
      epochs: 1,
      batchSize: 32,
      optimizer: 'sgd',
      lr: 0.05,
      seed: 4,
      valSplit: 0,
    });
    // Train on the engine first so the running statistics are not the initial ones.
    const weights = initWeights(a, 4);
    const model = new Model(doc, a, weights, { dropoutSeed: 4 });
    await train(model, createOptimizer(optimizerOf(settings), model.slots), data.train, settings);
    const want = evaluate(model, data.test);
    const t = await CompiledTrainer.create(doc, weights, { optimizer: optimizerOf(settings), provider: 'cpu' });
    try {
      const got = await evaluateCompiled(t, data.test, { batchSize: 37 });
      expect(got.accuracy).toBe(want.accuracy);
      expect(got.confusion).toEqual(want.confusion);
      expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-4 * Math.max(1, want.loss));
    } finally {
      await t.release();
    }
  });

  it(
    'training metrics match the engine epoch by epoch (same split, shuffle, masks) ' +
      'and stop takes effect within one batch',
    async () => {
      const doc = smallNet();
      const a = analyze(doc);
      const settings = normalizeSettings({
        dataset: 'shapes',
        epochs: 2,
        batchSize: 40,
        optimizer: 'adam',
        lr: 0.01,
        seed: 9,
        valSplit: 0.2,
      });
      const model = new Model(doc, a, initWeights(a, settings.seed), { dropoutSeed: settings.seed });
      const engine = await train(model, createOptimizer(optimizerOf(settings), model.slots), data.train, settings);
      const t = await CompiledTrainer.create(doc, initWeights(a, settings.seed), {
        optimizer: optimizerOf(settings),
        provider: 'cpu',
        dropoutSeed: settings.seed,
      });
      try {
        const batches: number[] = [];
        const run = await trainCompiled(t, data.train, settings, { onBatch: (p) => batches.push(p.batch) });
        expect(run.error).toBeNull();
        expect(batches.length).toBe(2 * Math.ceil(240 / 40));
        run.epochs.forEach((m, i) => {
          expect(Math.abs(m.loss - engine.epochs[i].loss)).toBeLessThan(1e-4);
          expect(m.accuracy).toBeCloseTo(engine.epochs[i].accuracy, 6);
          expect(Math.abs(m.valLoss! - engine.epochs[i].valLoss!)).toBeLessThan(1e-4);
          expect(m.valAccuracy).toBeCloseTo(engine.epochs[i].valAccuracy!, 6);
        });
        let calls = 0;
        const stopped = await trainCompiled(t, data.train, settings, { shouldStop: () => ++calls > 2 });
        expect(stopped.stopped).toBe(true);
        expect(t.stepCount).toBe(2 * 6 + 2);
      } finally {
        await t.release();
      }
    },
  );

  it('a NaN loss stops the run with the engine’s message and keeps the last finite weights', async () => {
    const doc = smallNet();
    const a = analyze(doc);
    const settings = normalizeSettings({
      dataset: 'shapes',
      epochs: 3,
      batchSize: 50,
      optimizer: 'sgd',
      lr: 10,
      momentum: 0.9,
      seed: 2,
      valSplit: 0,
    });
    const t = await CompiledTrainer.create(doc, initWeights(a, 2), {
      optimizer: optimizerOf(settings),
      provider: 'cpu',
    });
    try {
      const run = await trainCompiled(t, data.train, settings);
      expect(run.error).not.toBeNull();
      expect(run.error!.message).toMatch(
        new RegExp(
          /^the loss became (NaN|infinite) at epoch \d+, batch \d+ — /.source +
            /the learning rate \(10\) is probably too high; try a lower one, e\.g\. 1$/.source,
        ),
      );
      for (const tensors of Object.values(t.weights()))
        for (const v of Object.values(tensors)) expect(v.every(Number.isFinite)).toBe(true);
    } finally {
      await t.release();
    }
  });

  it('reports the provider that ran and why another was skipped', async () => {
    const doc = smallNet();
    const t = await CompiledTrainer.create(doc, initWeights(analyze(doc), 1), {
      optimizer: { name: 'sgd', lr: 0.1 },
      provider: 'cuda',
    });
    try {
      if (t.provider === 'cpu') expect(t.fallbackReason).toMatch(/CUDA|cuda|libcu|GPU/);
      else expect(t.provider).toBe('cuda');
    } finally {
      await t.release();
    }
  });

  it(
    'runs as a training job: the same events as the engine coordinator, ' + 'the run record names backend and provider',
    async () => {
      const doc = smallNet();
      const settings = normalizeSettings({
        dataset: 'shapes',
        epochs: 1,
        batchSize: 64,
        optimizer: 'adam',
        lr: 0.01,
        seed: 3,
        valSplit: 0.1,
      });
      for (const backend of ['onnxruntime', 'engine'] as const) {
        const events: TrainEvent[] = [];
        const request = { document: doc, settings, backend, provider: 'cpu' as const, threads: 1 };
        await runTraining(
          { role: 'train', runId: 'r1', request, stop: new Int32Array(1), memoryLimit: 4e9, threads: 1 },
          (e) => events.push(e),
        );
        const types = events.map((e) => e.type);
        expect(types[0], JSON.stringify(events.find((e) => e.type === 'error'))).toBe('started');
        expect(events[0]).toMatchObject({ provider: 'cpu', threads: 1 });
        expect(types).toContain('batch');
        expect(types).toContain('epoch');
        const done = events.at(-1)!;
        expect(done.type).toBe('done');
        if (done.type !== 'done') return;
        expect(done.run.backend).toBe(backend);
        expect(done.run.provider).toBe('cpu');
        expect(done.run.epochs[0].samplesPerSecond).toBeGreaterThan(0);
        expect(done.run.testAccuracy).toBeGreaterThan(0.3);
        expect(Object.keys(done.weights)).toEqual(expect.arrayContaining(['c1', 'bn', 'out']));
        expect(done.confusion.length).toBe(5);
      }
      expect(chooseBackend({ document: doc, settings, backend: 'auto' })).toBe('onnxruntime');
      expect(chooseBackend({ document: doc, settings })).toBe('engine');
      const broken = chain(
        node('in', 'input', { channels: 1, height: 4, width: 4 }),
        node('c', 'conv2d', { filters: 2, kernelSize: 7 }),
        node('flat', 'flatten'),
        node('out', 'dense', { units: 2 }),
      );
      expect(chooseBackend({ document: broken, settings, backend: 'auto' })).toBe('engine');
    },
  );
});
