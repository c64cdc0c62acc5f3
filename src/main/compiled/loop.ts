/**
 * The compiled backend's training and evaluation over a dataset. Training runs the engine trainer's own loop
 * (runEpochs in src/engine/train/trainer.ts: the same split, shuffle, batches, stop flag, NaN/Inf message and
 * metrics) with onnxruntime's asynchronous step.
 */
import type { DataSplit } from '../../engine/datasets/types.js';
import type { TrainingSettings } from '../../engine/document.js';
import type { Evaluation } from '../../engine/train/evaluate.js';
import { gather, runEpochs, type TrainHooks, type TrainResult } from '../../engine/train/trainer.js';
import type { DataParallelStep } from './parallel.js';
import type { CompiledTrainer } from './runtime.js';

export type CompiledHooks = Omit<TrainHooks, 'gradients'>;

/** Accuracy, mean cross-entropy and confusion matrix in evaluation mode, as the engine's evaluate(). */
export async function evaluateCompiled(
  t: CompiledTrainer,
  split: DataSplit,
  options: { indices?: ArrayLike<number>; batchSize?: number } = {},
): Promise<Evaluation> {
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

/**
 * Trains on the compiled graph: the engine's loop (runEpochs) with onnxruntime's step and evaluation; with
 * `parallel` (started on `data`), each step is split across threads (parallel.ts).
 */
export function trainCompiled(
  t: CompiledTrainer,
  data: DataSplit,
  settings: TrainingSettings,
  hooks: CompiledHooks = {},
  parallel: DataParallelStep | null = null,
): Promise<TrainResult> {
  const [c, h, w] = t.layout.inputShape;
  const size = c * h * w;
  const bs = Math.max(1, Math.min(settings.batchSize, data.count));
  const xb = new Float32Array(bs * size);
  const yb = new Int32Array(bs);
  return runEpochs(
    {
      step(idx) {
        if (parallel) return parallel.step(idx);
        gather(data, size, idx, xb, yb);
        return t.step(xb.subarray(0, idx.length * size), yb, idx.length);
      },
      evaluate: (indices) => evaluateCompiled(t, data, { indices }),
    },
    data,
    settings,
    hooks,
  );
}
