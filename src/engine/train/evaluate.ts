/** Accuracy, mean cross-entropy and the confusion matrix of a model on a split, in evaluation mode. */
import { copySamples, type DataSplit } from '../datasets/types.js';
import { sizeOf } from '../kernels/scratch.js';
import type { Model } from './model.js';

export interface Evaluation {
  accuracy: number;
  loss: number;
  count: number;
  /** confusion[true class][predicted class] = samples. */
  confusion: number[][];
}

/** Samples an evaluation forward takes at once, on either backend (the memory estimate counts them). */
export const EVAL_BATCH = 256;

/** Evaluates samples `indices` of `split` (all when omitted), `batchSize` at a time. */
export function evaluate(
  model: Model,
  split: DataSplit,
  options: { indices?: ArrayLike<number>; batchSize?: number } = {},
): Evaluation {
  const k = model.classes;
  const size = sizeOf(model.inputShape);
  const count = options.indices ? options.indices.length : split.count;
  const bs = Math.max(1, options.batchSize ?? EVAL_BATCH);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xb = new Float32Array(bs * size);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += bs) {
    const n = Math.min(bs, count - start);
    const labels = new Int32Array(n);
    const picked = Array.from({ length: n }, (_, s) => (options.indices ? options.indices[start + s] : start + s));
    copySamples(split.x, size, picked, xb);
    for (let s = 0; s < n; s++) labels[s] = split.y[picked[s]];
    const z = model.forward(xb.subarray(0, n * size), n, false).data;
    for (let s = 0; s < n; s++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (z[s * k + c] > z[s * k + best]) best = c;
      const y = labels[s];
      confusion[y][best]++;
      if (best === y) correct++;
      // Cross-entropy from the logits: log Σ exp(z) − z_y, with the max subtracted (log-sum-exp).
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[s * k + c] - z[s * k + best]);
      lossSum += Math.log(sum) + z[s * k + best] - z[s * k + y];
    }
  }
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, count, confusion };
}
