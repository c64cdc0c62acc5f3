/**
 * Optimizers, with their state kept per tensor.
 *
 * SGD with momentum, PyTorch's form (torch.optim.SGD): v ← μ·v + g;  w ← w − lr·v.
 * Adam (Kingma & Ba 2015, Algorithm 1): m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 *   m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  w ← w − lr·m̂ / (√v̂ + ε).
 *
 * Weight decay applies to weights only (kernels and dense matrices), never to biases or batch-norm
 * parameters. Two forms:
 *   'l2'        — adds wd·w to the gradient before the update (classic L2 regularisation; PyTorch SGD/Adam
 *                 `weight_decay`);
 *   'decoupled' — shrinks the weight directly, w ← w − lr·wd·w, before the update (AdamW, Loshchilov & Hutter
 *                 2019; PyTorch AdamW).
 * The default is 'l2' for SGD (the two coincide without momentum) and 'decoupled' for Adam, where L2 would be
 * rescaled by the adaptive step and stop acting as a decay.
 */
import type { OptimizerName } from '../document.js';

export interface ParamSlot {
  /** "node.tensor", for messages. */
  name: string;
  value: Float32Array;
  grad: Float32Array;
  /** Whether weight decay applies (weights yes; biases and batch-norm parameters no). */
  decay: boolean;
}

export interface OptimizerConfig {
  name: OptimizerName;
  lr: number;
  /** SGD only; 0 is plain SGD. */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  weightDecayMode?: 'l2' | 'decoupled';
}

export interface Optimizer {
  /** Applies one update from the slots' current gradients. */
  step(): void;
  /** Updates taken so far. */
  readonly steps: number;
  /** Float32 values of state kept per parameter (1 for SGD with momentum, 2 for Adam), for the memory estimate. */
  readonly statePerParam: number;
}

export function optimizerStatePerParam(cfg: Pick<OptimizerConfig, 'name' | 'momentum'>): number {
  return cfg.name === 'adam' ? 2 : cfg.momentum ? 1 : 0;
}

export function createOptimizer(cfg: OptimizerConfig, slots: ParamSlot[]): Optimizer {
  if (!(cfg.lr > 0) || !Number.isFinite(cfg.lr))
    throw new Error(`learning rate must be a positive number, not ${cfg.lr}`);
  const wd = cfg.weightDecay ?? 0;
  if (!(wd >= 0)) throw new Error(`weight decay must be 0 or more, not ${wd}`);
  const mode = cfg.weightDecayMode ?? (cfg.name === 'adam' ? 'decoupled' : 'l2');
  if (cfg.name === 'sgd') return sgd(cfg.lr, cfg.momentum ?? 0, wd, mode, slots);
  if (cfg.name === 'adam') return adam(cfg.lr, cfg.beta1 ?? 0.9, cfg.beta2 ?? 0.999, cfg.eps ?? 1e-8, wd, mode, slots);
  throw new Error(`optimizer must be "sgd" or "adam", not "${cfg.name as string}"`);
}

function sgd(lr: number, mu: number, wd: number, mode: 'l2' | 'decoupled', slots: ParamSlot[]): Optimizer {
  if (!(mu >= 0 && mu < 1)) throw new Error(`momentum must be in [0, 1), not ${mu}`);
  const velocity = mu > 0 ? slots.map((s) => new Float32Array(s.value.length)) : [];
  let steps = 0;
  return {
    get steps() {
      return steps;
    },
    statePerParam: mu > 0 ? 1 : 0,
    step() {
      steps++;
      slots.forEach((s, k) => {
        const w = s.value;
        const g = s.grad;
        const l2 = s.decay && mode === 'l2' ? wd : 0;
        const shrink = s.decay && mode === 'decoupled' ? 1 - lr * wd : 1;
        if (mu > 0) {
          const v = velocity[k];
          for (let i = 0; i < w.length; i++) {
            const gi = g[i] + l2 * w[i];
            v[i] = mu * v[i] + gi;
            w[i] = w[i] * shrink - lr * v[i];
          }
        } else {
          for (let i = 0; i < w.length; i++) w[i] = w[i] * shrink - lr * (g[i] + l2 * w[i]);
        }
      });
    },
  };
}

function adam(
  lr: number,
  b1: number,
  b2: number,
  eps: number,
  wd: number,
  mode: 'l2' | 'decoupled',
  slots: ParamSlot[],
): Optimizer {
  const m = slots.map((s) => new Float32Array(s.value.length));
  const v = slots.map((s) => new Float32Array(s.value.length));
  let steps = 0;
  return {
    get steps() {
      return steps;
    },
    statePerParam: 2,
    step() {
      steps++;
      const c1 = 1 - b1 ** steps;
      const c2 = 1 - b2 ** steps;
      slots.forEach((s, k) => {
        const w = s.value;
        const g = s.grad;
        const mk = m[k];
        const vk = v[k];
        const l2 = s.decay && mode === 'l2' ? wd : 0;
        const shrink = s.decay && mode === 'decoupled' ? 1 - lr * wd : 1;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i] + l2 * w[i];
          mk[i] = b1 * mk[i] + (1 - b1) * gi;
          vk[i] = b2 * vk[i] + (1 - b2) * gi * gi;
          w[i] = w[i] * shrink - (lr * (mk[i] / c1)) / (Math.sqrt(vk[i] / c2) + eps);
        }
      });
    },
  };
}
