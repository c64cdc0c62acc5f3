/**
 * batchNorm: normalises each channel (or each unit of a flat vector) with batch statistics while training and
 * running statistics at evaluation, then scales by γ and shifts by β. 2·C trainable parameters; the running mean
 * and variance are state, not parameters (PyTorch's convention).
 * running ← momentum·running + (1 − momentum)·batch (Keras' convention; ONNX BatchNormalization's too).
 */
import type { LayerDef } from '../types.js';

export const batchNorm: LayerDef = {
  kind: 'batchNorm',
  label: 'Batch norm',
  category: 'Regularisation',
  description: 'Normalises each channel to zero mean and unit variance, then learns a scale and a shift.',
  params: [
    { name: 'epsilon', label: 'Epsilon', type: 'float', min: 0, minExclusive: true, max: 1, default: 1e-5 },
    { name: 'momentum', label: 'Momentum', type: 'float', min: 0, max: 1, default: 0.9 },
  ],
  inputs: { min: 1, max: 1 },
  summarize: () => '',
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
};
