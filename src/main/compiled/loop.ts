/**
 * The training loop of the compiled backend: the engine trainer's loop (src/engine/train/trainer.ts) with an
 * asynchronous step, since onnxruntime-node's session.run is asynchronous while the engine's trainer is
 * synchronous. Everything observable is the same: the seeded validation split (splitIndices), the seeded
 * shuffle per epoch, the batches, the stop flag checked before every batch, the NaN/Inf message, and the
 * per-batch and per-epoch metrics (BatchProgress, EpochMetrics, TrainResult).
 */
import type { DataSplit } from '../../engine/datasets/types.js';
import type { TrainingSettings } from '../../engine/document.js';
import { createRng, shuffledIndices } from '../../engine/rng.js';
import type { Evaluation } from '../../engine/train/evaluate.js';
import { gather, splitIndices, type TrainHooks, type TrainResult } from '../../engine/train/trainer.js';
import type { CompiledTrainer } from './runtime.js';

export type CompiledHooks = Omit<TrainHooks, 'gradients'>;

/** Accuracy, mean cross-entropy and confusion matrix in evaluation mode, as the engine's evaluate(). */
export async function evaluateCompiled(t: CompiledTrainer, split: DataSplit, options: { indices?: ArrayLike<number>; batchSize?: number } = {}): Promise<Evaluation> {
  const [c, h, w] = t.layout.inputShape;
  const size = c * h * w;
  const k = t.layout.classes;
  const count = options.indices ? options.indices.length : split.count;
  const bs = Math.max(1, options.batchSize ?? 256);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xb = new Float32Array(bs * size);
  const yb = new Int32Array(bs);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += bs) {
    const n = Math.min(bs, count - start);
    const idx = Array.from({ length: n }, (_, s) => (options.indices ? options.indices[start + s] : start + s));
    gather(split, size, idx, xb, yb);
    const r = await t.evaluate(xb.subarray(0, n * size), yb, n);
    lossSum += r.loss * n;
    correct += r.correct;
    for (let s = 0; s < n; s++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (r.logits[s * k + j] > r.logits[s * k + best]) best = j;
      confusion[yb[s]][best]++;
    }
  }
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, count, confusion };
}

export async function trainCompiled(t: CompiledTrainer, data: DataSplit, settings: TrainingSettings, hooks: CompiledHooks = {}): Promise<TrainResult> {
  const now = hooks.now ?? Date.now;
  const [c, h, w] = t.layout.inputShape;
  const size = c * h * w;
  const { train: trainIdx, val: valIdx } = splitIndices(data.count, settings.valSplit, settings.seed);
  if (trainIdx.length === 0) throw new Error('no training samples are left after the validation split');
  const bs = Math.max(1, Math.min(settings.batchSize, trainIdx.length));
  const batches = Math.ceil(trainIdx.length / bs);
  const xb = new Float32Array(bs * size);
  const yb = new Int32Array(bs);
  const rng = createRng(settings.seed);
  const epochs: TrainResult['epochs'] = [];
  const order = new Uint32Array(trainIdx.length);

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const t0 = now();
    const perm = shuffledIndices(trainIdx.length, rng);
    for (let i = 0; i < perm.length; i++) order[i] = trainIdx[perm[i]];
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      if (hooks.shouldStop?.()) return { epochs, stopped: true, error: null };
      const idx = order.subarray(b * bs, Math.min((b + 1) * bs, order.length));
      gather(data, size, idx, xb, yb);
      const r = await t.step(xb.subarray(0, idx.length * size), yb, idx.length);
      if (!Number.isFinite(r.loss)) {
        const message = `the loss became ${Number.isNaN(r.loss) ? 'NaN' : 'infinite'} at epoch ${epoch}, batch ${b + 1} — the learning rate (${settings.lr}) is probably too high; try a lower one, e.g. ${settings.lr / 10}`;
        return { epochs, stopped: false, error: { message, epoch, batch: b + 1 } };
      }
      lossSum += r.loss * idx.length;
      correct += r.correct;
      seen += idx.length;
      const elapsed = (now() - t0) / 1000;
      hooks.onBatch?.({ epoch, batch: b + 1, batchesPerEpoch: batches, loss: lossSum / seen, accuracy: correct / seen, samplesPerSecond: elapsed > 0 ? seen / elapsed : 0 });
    }
    const trainSeconds = (now() - t0) / 1000;
    const val = valIdx.length ? await evaluateCompiled(t, data, { indices: valIdx }) : null;
    const m = {
      epoch,
      loss: lossSum / seen,
      accuracy: correct / seen,
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      samplesPerSecond: trainSeconds > 0 ? seen / trainSeconds : 0,
      seconds: (now() - t0) / 1000,
    };
    epochs.push(m);
    hooks.onEpoch?.(m);
  }
  return { epochs, stopped: false, error: null };
}
