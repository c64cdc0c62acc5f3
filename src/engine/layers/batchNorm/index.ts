/**
 * batchNorm: normalises each channel (or each unit of a flat vector) with batch statistics while training and
 * running statistics at evaluation, then scales by γ and shifts by β. 2·C trainable parameters; the running mean
 * and variance are state, not parameters (PyTorch's convention).
 * running ← momentum·running + (1 − momentum)·batch (Keras' convention; ONNX BatchNormalization's too).
 *
 * Training normalises with the batch mean and the biased batch variance (divide by m = N·H·W), as the paper
 * (Ioffe & Szegedy 2015, Alg. 1) and every framework do; the running variance is updated with the unbiased
 * variance (× m/(m − 1)), as PyTorch does (Keras uses the biased one). Evaluation uses the running statistics.
 * Works on [N, C, H, W] (statistics per channel over N·H·W) and on [N, units] (per unit over N). ONNX in onnx.ts,
 * the compiled training step in compiled.ts.
 */
import { fmtInt } from '../../format.js';
import type { Params, Tensor } from '../../types.js';
import { msg } from '../../messages.js';
import type { LayerKind } from '../kind.js';
import { batchNormEmitter } from './compiled.js';
import { batchNormOnnx } from './onnx.js';
import { batchNormPy } from './pytorch.js';

interface BnCache {
  shape: number[];
  /** The normalised input x̂ = (x − μ)·invStd. */
  xhat: Float32Array;
  /** Per channel 1/√(σ² + ε) (batch σ² in training, running σ² in evaluation). */
  invStd: Float64Array;
  training: boolean;
}

function dims(x: Tensor): [number, number, number] {
  const n = x.shape[0];
  const c = x.shape[1];
  return [n, c, x.data.length / (n * c)];
}

function bnForward(
  inputs: Tensor[],
  wts: Record<string, Float32Array>,
  p: Params,
  training: boolean,
): { output: Tensor; cache: BnCache } {
  const x = inputs[0];
  const [n, c, inner] = dims(x);
  const eps = (p.epsilon as number | undefined) ?? 1e-5;
  const momentum = (p.momentum as number | undefined) ?? 0.9;
  const { gamma, beta, runningMean, runningVar } = wts;
  const m = n * inner;
  const xd = x.data;
  const xhat = new Float32Array(xd.length);
  const y = new Float32Array(xd.length);
  const invStd = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    let mean: number;
    let variance: number;
    if (training) {
      let sum = 0;
      for (let s = 0; s < n; s++) for (let i = (s * c + ch) * inner, e = i + inner; i < e; i++) sum += xd[i];
      mean = sum / m;
      let sq = 0;
      for (let s = 0; s < n; s++) {
        for (let i = (s * c + ch) * inner, e = i + inner; i < e; i++) {
          const d = xd[i] - mean;
          sq += d * d;
        }
      }
      variance = sq / m;
      runningMean[ch] = momentum * runningMean[ch] + (1 - momentum) * mean;
      runningVar[ch] = momentum * runningVar[ch] + (1 - momentum) * (m > 1 ? sq / (m - 1) : variance);
    } else {
      mean = runningMean[ch];
      variance = runningVar[ch];
    }
    const is = 1 / Math.sqrt(variance + eps);
    invStd[ch] = is;
    const g = gamma[ch];
    const b = beta[ch];
    for (let s = 0; s < n; s++) {
      for (let i = (s * c + ch) * inner, e = i + inner; i < e; i++) {
        const h = (xd[i] - mean) * is;
        xhat[i] = h;
        y[i] = g * h + b;
      }
    }
  }
  return { output: { shape: [...x.shape], data: y }, cache: { shape: [...x.shape], xhat, invStd, training } };
}

/**
 * dβ = Σ dy, dγ = Σ dy·x̂. Training (μ, σ² depend on x): dx = γ·invStd/m · (m·dy − Σdy − x̂·Σ(dy·x̂)).
 * Evaluation (constants): dx = γ·invStd·dy.
 */
function bnBackward(
  dOut: Tensor,
  cache: BnCache,
  wts: Record<string, Float32Array>,
  _p: Params,
  grads: Record<string, Float32Array>,
): Tensor[] {
  const { xhat, invStd, training } = cache;
  const dy = dOut.data;
  const n = cache.shape[0];
  const c = cache.shape[1];
  const inner = dy.length / (n * c);
  const m = n * inner;
  const dx = new Float32Array(dy.length);
  for (let ch = 0; ch < c; ch++) {
    let sumDy = 0;
    let sumDyX = 0;
    for (let s = 0; s < n; s++) {
      for (let i = (s * c + ch) * inner, e = i + inner; i < e; i++) {
        sumDy += dy[i];
        sumDyX += dy[i] * xhat[i];
      }
    }
    grads.gamma[ch] += sumDyX;
    grads.beta[ch] += sumDy;
    const k = wts.gamma[ch] * invStd[ch];
    for (let s = 0; s < n; s++) {
      for (let i = (s * c + ch) * inner, e = i + inner; i < e; i++) {
        dx[i] = training ? (k / m) * (m * dy[i] - sumDy - xhat[i] * sumDyX) : k * dy[i];
      }
    }
  }
  return [{ shape: [...cache.shape], data: dx }];
}

export const batchNorm: LayerKind<BnCache> = {
  kind: 'batchNorm',
  label: 'Batch norm',
  category: 'Regularisation',
  description: 'Normalises each channel to zero mean and unit variance, then learns a scale and a shift.',
  params: [
    { name: 'epsilon', label: 'Epsilon', type: 'float', min: 0, minExclusive: true, max: 1, default: 1e-5 },
    { name: 'momentum', label: 'Momentum', type: 'float', min: 0, max: 1, default: 0.9 },
  ],
  inputs: { min: 1, max: 1 },
  summarize: () => [],
  inferShape: (inputs) => [...inputs[0]],
  tensors(inputs) {
    const c = inputs[0][0];
    return [
      { name: 'gamma', shape: [c], role: 'weight', init: 'ones', fanIn: c, fanOut: c },
      { name: 'beta', shape: [c], role: 'bias', init: 'zeros', fanIn: c, fanOut: c },
      { name: 'runningMean', shape: [c], role: 'state', init: 'zeros', fanIn: c, fanOut: c },
      { name: 'runningVar', shape: [c], role: 'state', init: 'ones', fanIn: c, fanOut: c },
    ];
  },
  macs: () => 0,
  receptiveField: (inputs) => inputs[0],
  forward: (inputs, wts, p, ctx) => bnForward(inputs, wts, p, ctx.training),
  backward: bnBackward,
  explain({ info }) {
    const c = info.outputShape![0];
    const params = msg('formula.paramsBatchNorm', { c, total: fmtInt(info.params) });
    return { params, out: [msg('formula.out', { expr: info.outputShape!.join('×') })] };
  },
  onnx: batchNormOnnx,
  compiled: batchNormEmitter,
  pytorch: batchNormPy,
};
