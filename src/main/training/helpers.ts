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
import type { GradJob, WorkerMessage } from './protocol.js';
import { createChannel, CTRL, shareWeights, type HelperChannel } from './shared.js';

export interface Helpers {
  gradients(indices: Uint32Array): LossResult;
  close(): void;
}

const MESSAGE_BYTES = 1024;

export async function startHelpers(model: Model, doc: GraphDocument, split: DataSplit, settings: TrainingSettings, count: number): Promise<Helpers> {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const channels: (HelperChannel & { message: Uint8Array })[] = [];
  const workers: Worker[] = [];
  for (let h = 0; h < count; h++) {
    const grads = shareWeights(model.grads, true);
    const ch = { ...createChannel(settings.batchSize, grads), message: new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES)) };
    channels.push(ch);
    const job: GradJob = { role: 'grad', document: doc, weights: model.weights, grads, split, ctrl: ch.ctrl, indices: ch.indices, result: ch.result, message: ch.message, dropoutSeed: settings.seed + 7919 * (h + 1) };
    workers.push(startWorker(job));
  }
  await Promise.all(
    workers.map(
      (w, h) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', (m: WorkerMessage) => (m.type === 'ready' ? resolve() : reject(new Error(`training thread ${h + 1} failed to start: ${m.type === 'result' && !m.ok ? m.error : 'unexpected message'}`))));
          w.once('error', (e) => reject(new Error(`training thread ${h + 1} failed to start: ${e.message}`)));
        }),
    ),
  ).catch((e) => {
    for (const w of workers) void w.terminate();
    throw e;
  });

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
      const per = Math.ceil(total / parts);
      const jobs: number[] = [];
      channels.forEach((ch, h) => {
        const start = Math.min(total, (h + 1) * per);
        const n = Math.min(total, start + per) - start;
        jobs.push(n);
        if (n === 0) return;
        ch.indices.set(idx.subarray(start, start + n));
        ch.ctrl[CTRL.count] = n;
        ch.ctrl[CTRL.total] = total;
        Atomics.add(ch.ctrl, CTRL.job, 1);
        Atomics.notify(ch.ctrl, CTRL.job);
      });
      const own = Math.min(per, total);
      gather(split, size, idx.subarray(0, own), xb, yb);
      const r = model.lossAndGrads(xb.subarray(0, own * size), yb.subarray(0, own), own, own / total);
      let lossSum = r.loss * own;
      let correct = r.correct;
      channels.forEach((ch, h) => {
        if (jobs[h] === 0) return;
        const want = Atomics.load(ch.ctrl, CTRL.job);
        for (let d = Atomics.load(ch.ctrl, CTRL.done); d !== want; d = Atomics.load(ch.ctrl, CTRL.done)) Atomics.wait(ch.ctrl, CTRL.done, d);
        if (Atomics.load(ch.ctrl, CTRL.failed)) {
          const text = new TextDecoder().decode(ch.message.slice()).replace(/\0+$/, '');
          throw new Error(`training thread ${h + 1} failed: ${text}`);
        }
        lossSum += ch.result[0] * jobs[h];
        correct += ch.result[1];
        helperGrads[h].forEach((g, k) => {
          const mine = model.slots[k].grad;
          for (let i = 0; i < g.length; i++) mine[i] += g[i];
        });
      });
      return { loss: lossSum / total, correct };
    },
    close() {
      for (const ch of channels) {
        Atomics.store(ch.ctrl, CTRL.quit, 1);
        Atomics.add(ch.ctrl, CTRL.job, 1);
        Atomics.notify(ch.ctrl, CTRL.job);
      }
      for (const w of workers) void w.terminate();
    },
  };
}
