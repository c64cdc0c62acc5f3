/**
 * activation: an element-wise function. softmax normalises over the channel axis (axis 1 with the batch, as
 * ONNX Softmax-13 with axis 1), so on a flat vector it is the usual softmax over units.
 */
import { ACTIVATIONS, type LayerDef } from '../types.js';

export const activation: LayerDef = {
  kind: 'activation',
  label: 'Activation',
  category: 'Activation',
  description: 'Applies a non-linearity to every value.',
  params: [{ name: 'fn', label: 'Function', type: 'enum', options: ACTIVATIONS, initial: 'relu' }],
  inputs: { min: 1, max: 1 },
  summarize: (p) => String(p.fn),
  inferShape: (inputs) => [...inputs[0]],
  tensors: () => [],
  macs: () => 0,
  receptiveField: (inputs) => inputs[0],
};
