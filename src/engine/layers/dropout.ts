/** dropout: inverted dropout while training (kept values scaled by 1/(1 − rate)); the identity at evaluation. */
import type { LayerDef } from '../types.js';

export const dropout: LayerDef = {
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
};
