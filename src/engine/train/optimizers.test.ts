import { describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerConfig, type ParamSlot } from './optimizers.js';

/** One weight (decayed) and one bias (never decayed), driven by a fixed sequence of gradients. */
function run(cfg: OptimizerConfig, w0: number, grads: number[]) {
  const weight: ParamSlot = { name: 'n.W', value: Float32Array.of(w0), grad: new Float32Array(1), decay: true };
  const bias: ParamSlot = { name: 'n.b', value: Float32Array.of(w0), grad: new Float32Array(1), decay: false };
  const opt = createOptimizer(cfg, [weight, bias]);
  const trace: number[] = [];
  for (const g of grads) {
    weight.grad[0] = g;
    bias.grad[0] = g;
    opt.step();
    trace.push(weight.value[0]);
  }
  return { trace, bias: bias.value[0], steps: opt.steps };
}

// Expected values computed by hand (in float64) from the update rules cited in optimizers.ts.
describe('optimizers', () => {
  it('plain SGD: w ← w − lr·g', () => {
    expect(run({ name: 'sgd', lr: 0.1 }, 1, [0.5, 0.5]).trace).toEqual([
      expect.closeTo(0.95, 6),
      expect.closeTo(0.9, 6),
    ]);
  });

  it('SGD with momentum: v ← μv + g, w ← w − lr·v', () => {
    // v = 0.5 → w = 0.95; v = 0.9·0.5 + 0.5 = 0.95 → w = 0.855
    const r = run({ name: 'sgd', lr: 0.1, momentum: 0.9 }, 1, [0.5, 0.5]);
    expect(r.trace[0]).toBeCloseTo(0.95, 6);
    expect(r.trace[1]).toBeCloseTo(0.855, 6);
    expect(r.steps).toBe(2);
  });

  it('SGD weight decay: L2 adds wd·w to the gradient, decoupled shrinks w; biases are never decayed', () => {
    const l2 = run({ name: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.1, weightDecayMode: 'l2' }, 1, [0.5, 0.5]);
    expect(l2.trace[1]).toBeCloseTo(0.8266, 6);
    const dec = run(
      { name: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.1, weightDecayMode: 'decoupled' },
      1,
      [0.5, 0.5],
    );
    expect(dec.trace[1]).toBeCloseTo(0.8356, 6);
    expect(l2.bias).toBeCloseTo(0.855, 6);
    expect(dec.bias).toBeCloseTo(0.855, 6);
    // SGD defaults to L2.
    expect(run({ name: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.1 }, 1, [0.5, 0.5]).trace[1]).toBeCloseTo(
      0.8266,
      6,
    );
  });

  it('Adam: bias-corrected moments (Kingma & Ba, Algorithm 1)', () => {
    const r = run({ name: 'adam', lr: 0.1 }, 1, [0.5, -0.25]);
    expect(r.trace[0]).toBeCloseTo(0.900000002, 6);
    expect(r.trace[1]).toBeCloseTo(0.8733662987078463, 6);
  });

  it('Adam weight decay: decoupled by default (AdamW), L2 on request', () => {
    expect(run({ name: 'adam', lr: 0.1, weightDecay: 0.01 }, 2, [0.5]).trace[0]).toBeCloseTo(1.898, 6);
    expect(run({ name: 'adam', lr: 0.1, weightDecay: 0.01, weightDecayMode: 'l2' }, 2, [0.5]).trace[0]).toBeCloseTo(
      1.9,
      6,
    );
    expect(run({ name: 'adam', lr: 0.1, weightDecay: 0.01 }, 2, [0.5]).bias).toBeCloseTo(1.9, 6);
  });

  it('refuses bad settings with the field named', () => {
    expect(() => createOptimizer({ name: 'sgd', lr: 0 }, [])).toThrow(/learning rate/);
    expect(() => createOptimizer({ name: 'sgd', lr: 0.1, momentum: 1 }, [])).toThrow(/momentum/);
    expect(() => createOptimizer({ name: 'rmsprop' as 'sgd', lr: 0.1 }, [])).toThrow(/optimizer must be/);
  });
});
