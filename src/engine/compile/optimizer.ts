/**
 * The optimizer update inside the compiled graph, over the flat parameter vector θ (every parameter tensor,
 * concatenated) so one update is a handful of element-wise operators whatever the network. It follows the
 * engine's definitions in train/optimizers.ts exactly:
 *   SGD (PyTorch form):  g′ = g + λ·w (L2);  v ← μ·v + g′;  w ← w − lr·v  (w ← w − lr·g′ without momentum);
 *   Adam (Kingma & Ba, Alg. 1):  m ← β1·m + (1 − β1)·g′;  v ← β2·v + (1 − β2)·g′²;
 *                                w ← w − lr·(m / c1) / (√(v / c2) + ε),  c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ;
 *   decoupled decay (AdamW):     w ← w·(1 − lr·λ) − lr·step, written w − lr·(step + λ·w).
 * λ is a constant vector: the decay for weights, 0 for biases and batch-norm parameters (ParamEntry.decay).
 * The learning rate and Adam's c1, c2 are graph inputs, so schedules and the step count need no recompiling.
 */
import type { OptimizerConfig } from '../train/optimizers.js';
import type { Emitter } from './emit.js';

export interface OptimizerIO {
  /** Flat state inputs (same length as θ) and the outputs carrying their next values. */
  state: { input: string; output: string }[];
  /** Scalar inputs fed each step. */
  scalars: string[];
}

export function optimizerIO(cfg: OptimizerConfig): OptimizerIO {
  if (cfg.name === 'adam') {
    return {
      state: [
        { input: 'opt.m', output: 'opt.m.next' },
        { input: 'opt.v', output: 'opt.v.next' },
      ],
      scalars: ['lr', 'adam.c1', 'adam.c2'],
    };
  }
  return { state: (cfg.momentum ?? 0) > 0 ? [{ input: 'opt.v', output: 'opt.v.next' }] : [], scalars: ['lr'] };
}

/**
 * Emits the update of θ from the flat gradient; writes 'theta.next' and the state outputs (names reserved by the
 * caller). `decay` holds λ per element of θ, or null when there is no weight decay.
 */
export function emitUpdate(
  e: Emitter,
  cfg: OptimizerConfig,
  theta: string,
  grad: string,
  decay: Float32Array | null,
): void {
  const mode = cfg.weightDecayMode ?? (cfg.name === 'adam' ? 'decoupled' : 'l2');
  const lambda = decay ? e.floats('opt/decay', [decay.length], decay) : null;
  const decayTerm = () => e.mul(lambda!, theta, 'opt/decayterm');
  const g = lambda && mode === 'l2' ? e.add(grad, decayTerm(), 'opt/gl2') : grad;
  let step: string;
  if (cfg.name === 'adam') {
    const b1 = cfg.beta1 ?? 0.9;
    const b2 = cfg.beta2 ?? 0.999;
    const eps = cfg.eps ?? 1e-8;
    const m = e.opInto('Add', [e.scale('opt.m', b1, 'opt/m_kept'), e.scale(g, 1 - b1, 'opt/m_new')], 'opt.m.next');
    const g2 = e.mul(g, g, 'opt/g2');
    const v = e.opInto('Add', [e.scale('opt.v', b2, 'opt/v_kept'), e.scale(g2, 1 - b2, 'opt/v_new')], 'opt.v.next');
    const mHat = e.div(m, 'adam.c1', 'opt/mhat');
    const denom = e.add(e.op('Sqrt', [e.div(v, 'adam.c2', 'opt/vhat')], 'opt/sqrtvhat'), e.scalar(eps), 'opt/denom');
    step = e.div(mHat, denom, 'opt/adamstep');
  } else {
    const mu = cfg.momentum ?? 0;
    step = mu > 0 ? e.opInto('Add', [e.scale('opt.v', mu, 'opt/v_kept'), g], 'opt.v.next') : g;
  }
  if (lambda && mode === 'decoupled') step = e.add(step, decayTerm(), 'opt/stepdecay');
  e.opInto('Sub', [theta, e.mul(step, 'lr', 'opt/lrstep')], 'theta.next');
}
