/**
 * The engine backend's data-parallel training over worker threads (the Atomics protocol in atomicsProtocol.ts).
 * The training worker's side (startHelpers) starts the helper threads, hands each a share of every batch,
 * computes its own share meanwhile, then sums the gradients. A helper thread (runHelper) blocks on Atomics.wait
 * for a job, computes the gradients of its share with the shared weights, and signals back.
 */
import type { Worker } from 'node:worker_threads';
import { analyze } from '../../engine/analyze.js';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { GraphDocument, TrainingSettings } from '../../engine/document.js';
import { sizeOf } from '../../engine/kernels/scratch.js';
import { Model, type LossResult } from '../../engine/train/model.js';
import { gather } from '../../engine/train/trainer.js';
import type { WeightMap } from '../../engine/weights.js';
import {
  createChannel,
  CTRL,
  finishJob,
  helperFailure,
  postJob,
  postQuit,
  reportFailure,
  shares,
  shareWeights,
  whenReady,
  type HelperChannel,
} from './atomicsProtocol.js';
import { startWorker } from './startWorker.js';
import type { GradJob } from './workerJobs.js';

export interface Helpers {
  gradients(indices: Uint32Array): LossResult;
  close(): void;
}

export async function startHelpers(
  model: Model,
  doc: GraphDocument,
  split: DataSplit,
  settings: TrainingSettings,
  count: number,
): Promise<Helpers> {
  const size = sizeOf(model.inputShape);
  const channels: HelperChannel[] = [];
  const workers: Worker[] = [];
  for (let h = 0; h < count; h++) {
    const ch = { ...createChannel(settings.batchSize), grads: shareWeights(model.grads, true) };
    channels.push(ch);
    const job: GradJob = {
      role: 'grad',
      document: doc,
      weights: model.weights,
      grads: ch.grads,
      split,
      ctrl: ch.ctrl,
      indices: ch.indices,
      result: ch.result,
      message: ch.message,
      dropoutSeed: settings.seed + 7919 * (h + 1),
    };
    workers.push(startWorker(job));
  }
  await whenReady(workers);

  // Gradient tensors in the order of model.slots, per helper, for the sum.
  const helperGrads = channels.map((ch) =>
    model.slots.map((s) => {
      const dot = s.name.lastIndexOf('.');
      return ch.grads[s.name.slice(0, dot)][s.name.slice(dot + 1)];
    }),
  );
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
        for (let d = Atomics.load(ch.ctrl, CTRL.done); d !== want; d = Atomics.load(ch.ctrl, CTRL.done)) {
          Atomics.wait(ch.ctrl, CTRL.done, d);
        }
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

/**
 * A helper thread: its batch-norm running statistics are private copies, since concurrent updates of shared
 * ones would race; every other tensor is the shared one.
 */
export function runHelper(job: GradJob, ready: () => void): void {
  const { ctrl } = job;
  const analysis = analyze(job.document);
  const weights: WeightMap = {};
  for (const [id, tensors] of Object.entries(job.weights)) {
    weights[id] = {};
    const specs = analysis.nodes[id].tensors;
    for (const [name, values] of Object.entries(tensors)) {
      weights[id][name] = specs.find((t) => t.name === name)?.role === 'state' ? values.slice() : values;
    }
  }
  const model = new Model(job.document, analysis, weights, { dropoutSeed: job.dropoutSeed, grads: job.grads });
  const size = sizeOf(model.inputShape);
  const xb = new Float32Array(job.indices.length * size);
  const yb = new Int32Array(job.indices.length);
  // Read the job counter before saying ready: once ready, the coordinator may post the first job at any time,
  // and a counter read after that would make this helper skip the job and both threads wait forever.
  let seen = Atomics.load(ctrl, CTRL.job);
  ready();
  for (;;) {
    Atomics.wait(ctrl, CTRL.job, seen);
    seen = Atomics.load(ctrl, CTRL.job);
    if (Atomics.load(ctrl, CTRL.quit)) return;
    try {
      const n = ctrl[CTRL.count];
      gather(job.split, size, job.indices.subarray(0, n), xb, yb);
      model.zeroGrads();
      const r = model.lossAndGrads(xb.subarray(0, n * size), yb.subarray(0, n), n, n / ctrl[CTRL.total]);
      job.result[0] = r.loss;
      job.result[1] = r.correct;
    } catch (e) {
      reportFailure(job, e);
    }
    finishJob(job, seen);
  }
}
