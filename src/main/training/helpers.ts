/**
 * The coordinator's side of data-parallel training (protocol in shared.ts): starts the helper threads, hands
 * each a slice of every batch, computes its own slice meanwhile, then sums the gradients.
 */
import type { Worker } from 'node:worker_threads';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { GraphDocument, TrainingSettings } from '../../engine/document.js';
import type { LossResult, Model } from '../../engine/train/model.js';
import { gather } from '../../engine/train/trainer.js';
import { startWorker } from './entry.js';
import type { GradJob } from './protocol.js';
import { createChannel, CTRL, helperFailure, postJob, postQuit, shares, shareWeights, whenReady, type HelperChannel } from './shared.js';

export interface Helpers {
  gradients(indices: Uint32Array): LossResult;
  close(): void;
}

export async function startHelpers(model: Model, doc: GraphDocument, split: DataSplit, settings: TrainingSettings, count: number): Promise<Helpers> {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const channels: HelperChannel[] = [];
  const workers: Worker[] = [];
  for (let h = 0; h < count; h++) {
    const ch = { ...createChannel(settings.batchSize), grads: shareWeights(model.grads, true) };
    channels.push(ch);
    const job: GradJob = { role: 'grad', document: doc, weights: model.weights, grads: ch.grads, split, ctrl: ch.ctrl, indices: ch.indices, result: ch.result, message: ch.message, dropoutSeed: settings.seed + 7919 * (h + 1) };
    workers.push(startWorker(job));
  }
  await whenReady(workers);

  // Gradient tensors in the order of model.slots, per helper, for the sum.
  const helperGrads = channels.map((ch) => model.slots.map((s) => {
    const [id, name] = [s.name.slice(0, s.name.lastIndexOf('.')), s.name.slice(s.name.lastIndexOf('.') + 1)];
    return ch.grads[id][name];
  }));
  const xb = new Float32Array(settings.batchSize * size);
  const yb = new Int32Array(settings.batchSize);
  const parts = count + 1;

  return {
    gradients(idx) {
      const total = idx.length;
      const [[, own], ...jobs] = shares(total, parts);
      channels.forEach((ch, h) => {
        const [start, n] = jobs[h];
        if (n === 0) return;
        ch.indices.set(idx.subarray(start, start + n));
        postJob(ch, n, total);
      });
      gather(split, size, idx.subarray(0, own), xb, yb);
      const r = model.lossAndGrads(xb.subarray(0, own * size), yb.subarray(0, own), own, own / total);
      let lossSum = r.loss * own;
      let correct = r.correct;
      channels.forEach((ch, h) => {
        const n = jobs[h][1];
        if (n === 0) return;
        const want = Atomics.load(ch.ctrl, CTRL.job);
        for (let d = Atomics.load(ch.ctrl, CTRL.done); d !== want; d = Atomics.load(ch.ctrl, CTRL.done)) Atomics.wait(ch.ctrl, CTRL.done, d);
        const failure = helperFailure(ch, h);
        if (failure) throw failure;
        lossSum += ch.result[0] * n;
        correct += ch.result[1];
        helperGrads[h].forEach((g, k) => {
          const mine = model.slots[k].grad;
          for (let i = 0; i < g.length; i++) mine[i] += g[i];
        });
      });
      return { loss: lossSum / total, correct };
    },
    close() {
      for (const ch of channels) postQuit(ch);
      for (const w of workers) void w.terminate();
    },
  };
}
