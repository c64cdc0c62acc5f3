/** dropout: inverted dropout while training (kept values scaled by 1/(1 − rate)); the identity at evaluation. */
import type { LayerDef } from '../types.js';

/** The per-element scale the forward applied: 0 (dropped) or 1/(1 − rate) (kept); null at evaluation. */
interface DropoutCache {
  scale: Float32Array | null;
}

export const dropout: LayerDef<DropoutCache> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'Regularisation',
  description: 'While training, zeroes a random share of values so the network cannot rely on any one of them.',
  params: [{ name: 'rate', label: 'Rate', type: 'float', min: 0, max: 1, maxExclusive: true, default: 0.5 }],
  inputs: { min: 1, max: 1 },
  summarize: (p) => `rate ${p.rate}`,
  inferShape: (inputs) => [...inputs[0]],
  tensors: () => [],
  macs: () => 0,
  receptiveField: (inputs) => inputs[0],
  /** Each value is kept when ctx.rng() ≥ rate, in storage order, so a seeded rng gives the same mask. */
  forward([x], _w, p, ctx) {
    const rate = (p.rate as number | undefined) ?? 0.5;
    if (!ctx.training || rate <= 0) return { output: x, cache: { scale: null } };
    const keep = 1 / (1 - rate);
    const scale = new Float32Array(x.data.length);
    const y = new Float32Array(x.data.length);
    for (let i = 0; i < y.length; i++) {
      if (ctx.rng() >= rate) {
        scale[i] = keep;
        y[i] = x.data[i] * keep;
      }
    }
    return { output: { shape: [...x.shape], data: y }, cache: { scale } };
  },
  backward(dOut, { scale }) {
    if (!scale) return [dOut];
    const dx = new Float32Array(dOut.data.length);
    for (let i = 0; i < dx.length; i++) dx[i] = dOut.data[i] * scale[i];
    return [{ shape: [...dOut.shape], data: dx }];
  },
};
