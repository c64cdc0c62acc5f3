/** dense: every output unit sees every input value. W is [in, units] (ONNX Gemm without transB), b is [units]. */
import { LayerError, type LayerDef } from '../types.js';
import { activationOf, activationSpec, activationSuffix, useBiasSpec } from './specs.js';

export const dense: LayerDef = {
  kind: 'dense',
  label: 'Dense',
  category: 'Dense',
  description: 'Fully connected: every output unit has its own weight for every input value.',
  params: [{ name: 'units', label: 'Units', type: 'int', min: 1, max: 1_000_000, initial: 10 }, useBiasSpec, activationSpec],
  inputs: { min: 1, max: 1 },
  summarize: (p) => `${p.units} units${activationSuffix(p)}`,
  inferShape(inputs, p, ctx) {
    const x = inputs[0];
    if (x.length !== 1) {
      throw new LayerError(
        `dense "${ctx.id}" needs a flat input but gets a feature map [${x.join(', ')}] — insert a flatten layer before it`,
        'needsFlatten',
        [{ label: 'Insert Flatten', type: 'insertBefore', nodeId: ctx.id, kind: 'flatten' }],
      );
    }
    return [p.units as number];
  },
  tensors(inputs, out, p) {
    const n = inputs[0][0];
    const u = out[0];
    return [
      { name: 'W', shape: [n, u], role: 'weight', init: ['relu', 'leakyRelu'].includes(activationOf(p)) ? 'he' : 'glorot', fanIn: n, fanOut: u },
      ...(p.useBias === false ? [] : [{ name: 'b', shape: [u], role: 'bias' as const, init: 'zeros' as const, fanIn: n, fanOut: u }]),
    ];
  },
  macs: (inputs, out) => inputs[0][0] * out[0],
  receptiveField: () => null,
};
