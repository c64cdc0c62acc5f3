/**
 * Softmax cross-entropy on logits, fused and numerically stable.
 *
 * For sample s with logits z and label y: loss_s = log Σ_k exp(z_k − max z) − (z_y − max z)  (log-sum-exp with the
 * maximum subtracted, so no exp overflows), and ∂loss/∂z_k = softmax(z)_k − [k = y]. The returned loss is the mean
 * over the batch, so dLogits = (softmax − onehot)/N.
 */
import type { Tensor } from './types.js';

export interface LossResult {
  /** Mean loss over the batch. */
  loss: number;
  /** How many samples have their label as the (first) largest logit. */
  correct: number;
  /** ∂(mean loss)/∂logits, same shape as logits. */
  dLogits: Tensor;
}

export function softmaxCrossEntropy(logits: Tensor, labels: Int32Array | Uint8Array | ArrayLike<number>): LossResult {
  const n = logits.shape[0];
  const k = logits.data.length / n;
  const z = logits.data;
  const d = new Float32Array(z.length);
  let total = 0;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const o = s * k;
    const label = labels[s];
    if (!(label >= 0 && label < k)) throw new Error(`label ${label} of sample ${s} is outside the ${k} classes`);
    let max = -Infinity;
    let best = 0;
    for (let j = 0; j < k; j++) {
      if (z[o + j] > max) {
        max = z[o + j];
        best = j;
      }
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(z[o + j] - max);
    total += Math.log(sum) - (z[o + label] - max);
    if (best === label) correct++;
    const inv = 1 / (sum * n);
    for (let j = 0; j < k; j++) d[o + j] = Math.exp(z[o + j] - max) * inv;
    d[o + label] -= 1 / n;
  }
  return { loss: total / n, correct, dLogits: { shape: [...logits.shape], data: d } };
}
