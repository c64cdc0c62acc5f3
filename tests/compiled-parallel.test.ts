/**
 * The compiled backend's data-parallel step (src/main/compiled/parallel.ts): the gradient-step graph, when the
 * step may be split, and that a split step equals the single-session step — loss, correct count and θ after
 * several steps — for SGD with momentum, Adam with weight decay and a network with dropout, on 2 and 3 threads,
 * with a last batch too small for every thread to get a share. Helpers are real worker threads (started from sources
 * through tsx).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { compileGradientStep } from '../src/engine/compile/index.js';
import { makeShapes } from '../src/engine/datasets/shapes.js';
import type { GraphDocument } from '../src/engine/document.js';
import { decodeModel } from '../src/engine/onnx/builder.js';
import { graphProblems } from '../src/engine/onnx/check.js';
import type { OptimizerConfig } from '../src/engine/train/optimizers.js';
import { gather } from '../src/engine/train/trainer.js';
import { initWeights } from '../src/engine/weights.js';
import { startSpareHelpers } from '../src/main/compiled/onnxruntimeBackend.js';
import { dataParallelBlocker, DataParallelStep } from '../src/main/compiled/parallel.js';
import { CompiledTrainer } from '../src/main/compiled/runtime.js';
import { chain, node } from './helpers.js';

const net = (...middle: ReturnType<typeof node>[]): GraphDocument =>
  chain(
    node('in', 'input', { channels: 1, height: 12, width: 12 }),
    node('c1', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
    node('p1', 'maxPool2d'),
    node('c2', 'conv2d', { filters: 4, kernelSize: 3, activation: 'tanh' }),
    ...middle,
    node('flat', 'flatten'),
    node('out', 'dense', { units: 5, activation: 'softmax' }),
  );

const data = makeShapes({ height: 12, width: 12, trainCount: 200, testCount: 10, seed: 3 }).train;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function trainer(doc: GraphDocument, optimizer: OptimizerConfig, threads: number) {
  const t = await CompiledTrainer.create(doc, initWeights(analyze(doc), 5), { optimizer, provider: 'cpu', threads });
  open.push({ close: () => t.release() });
  return t;
}

const relClose = (a: Float32Array, b: Float32Array, tol: number) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(b[i])));
  expect(worst).toBeLessThan(tol);
};

describe('compiled data-parallel step', () => {
  it('the gradient-step graph is valid and outputs the flat gradient, scaled', () => {
    const g = compileGradientStep(net());
    const model = decodeModel(g.model);
    expect(graphProblems(model.graph!)).toEqual([]);
    expect(model.graph!.input!.map((i) => i.name)).toEqual(['x', 'labels', 'theta', 'grad.scale']);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(['loss', 'correct', 'grad']);
  });

  it('runs only where it computes the same step: CPU, two or more threads, no batch norm', async () => {
    const sgd: OptimizerConfig = { name: 'sgd', lr: 0.1 };
    expect(dataParallelBlocker(await trainer(net(), sgd, 2), 2)).toBeNull();
    expect(dataParallelBlocker(await trainer(net(), sgd, 1), 1)).toBe('one thread');
    expect(dataParallelBlocker(await trainer(net(node('bn', 'batchNorm')), sgd, 2), 2)).toMatch(/batch norm/);
    expect(dataParallelBlocker(await trainer(net(node('d', 'dropout', { rate: 0.3 })), sgd, 2), 2)).toBeNull();
    const t = await trainer(net(node('bn', 'batchNorm')), sgd, 2);
    expect(await DataParallelStep.start(net(node('bn', 'batchNorm')), t, data, sgd, 32, 2)).toEqual({
      blocked: 'batch norm needs the whole batch’s statistics',
    });
  });

  it('a helper thread that dies ends the step with an error naming it, not a hang', async () => {
    const sgd: OptimizerConfig = { name: 'sgd', lr: 0.1 };
    const t = await trainer(net(), sgd, 2);
    const parallel = await DataParallelStep.start(net(), t, data, sgd, 32, 2);
    if (!(parallel instanceof DataParallelStep)) throw new Error(parallel.blocked);
    open.push(parallel);
    const idx = Uint32Array.from({ length: 32 }, (_, i) => i);
    expect(Number.isFinite((await parallel.step(idx)).loss)).toBe(true);
    await (
      parallel as unknown as { helpers: { worker: { terminate(): Promise<number> } }[] }
    ).helpers[0].worker.terminate();
    await expect(parallel.step(idx)).rejects.toThrow(/^training thread 1 stopped \(exit code 1\)$/);
  });

  it(
    'helpers started ahead take their jobs as a message: ' + 'the same steps; one that has exited is replaced',
    async () => {
      const adam: OptimizerConfig = { name: 'adam', lr: 0.01 };
      const spares = startSpareHelpers(2);
      await spares[1].terminate(); // threadId −1: start() must start a fresh thread in its place
      const fresh = await trainer(net(), adam, 3);
      const ahead = await trainer(net(), adam, 3);
      const a = await DataParallelStep.start(net(), fresh, data, adam, 32, 3);
      const b = await DataParallelStep.start(net(), ahead, data, adam, 32, 3, spares);
      if (!(a instanceof DataParallelStep) || !(b instanceof DataParallelStep)) throw new Error('blocked');
      open.push(a, b);
      expect(spares).toEqual([]); // both taken: the live one handed its job, the exited one replaced
      for (const start of [0, 32, 64]) {
        const idx = Uint32Array.from({ length: 32 }, (_, i) => (start + i * 5) % data.count);
        const [ra, rb] = [await a.step(idx), await b.step(idx)];
        expect(rb).toEqual(ra);
      }
      expect(ahead.parameters).toEqual(fresh.parameters);
    },
  );

  for (const [label, optimizer, doc] of [
    ['SGD with momentum', { name: 'sgd', lr: 0.05, momentum: 0.9 }, net()],
    ['Adam with decoupled weight decay', { name: 'adam', lr: 0.01, weightDecay: 0.01 }, net()],
    [
      'dropout (masks drawn for the whole batch, rows to each thread), SGD',
      { name: 'sgd', lr: 0.05, momentum: 0.9 },
      net(node('d', 'dropout', { rate: 0.3 })),
    ],
  ] as [string, OptimizerConfig, GraphDocument][]) {
    for (const threads of [2, 3]) {
      it(`${label}, ${threads} threads: the same losses, counts and weights as one session`, async () => {
        const single = await trainer(doc, optimizer, 1);
        const split = await trainer(doc, optimizer, threads);
        const parallel = await DataParallelStep.start(doc, split, data, optimizer, 32, threads);
        if (!(parallel instanceof DataParallelStep)) throw new Error(parallel.blocked);
        open.push(parallel);
        const size = 144;
        const xb = new Float32Array(32 * size);
        const yb = new Int32Array(32);
        // Four full batches of 32, then a last batch of 2: with 3 threads one helper gets no share.
        const batches = [0, 32, 64, 96, 128].map((start) =>
          Uint32Array.from({ length: start === 128 ? 2 : 32 }, (_, i) => (start * 7 + i * 13) % data.count),
        );
        for (const idx of batches) {
          gather(data, size, idx, xb, yb);
          const a = await single.step(xb.subarray(0, idx.length * size), yb, idx.length);
          const b = await parallel.step(idx);
          expect(b.correct).toBe(a.correct);
          expect(Math.abs(b.loss - a.loss)).toBeLessThan(1e-5 * Math.abs(a.loss) + 1e-6);
        }
        relClose(split.parameters, single.parameters, 1e-4);
        // evaluate() and weights() read the θ the data-parallel step updated.
        expect(split.weights().c1.W).toEqual(split.parameters.slice(0, 27));
      });
    }
  }
});
