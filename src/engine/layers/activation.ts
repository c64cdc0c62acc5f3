/**
 * activation: an element-wise function. softmax normalises over the channel axis (axis 1 with the batch, as
 * ONNX Softmax-13 with axis 1), so on a flat vector it is the usual softmax over units.
 */
import { activateInPlace, activationBackward } from '../kernels/activation.js';
import { ACTIVATIONS, type ActivationFn, type LayerDef, type Tensor } from '../types.js';

export const activation: LayerDef<{ y: Tensor }> = {
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
  /** Linear returns its input as is (tensors are never mutated once produced); others write a new tensor. */
  forward([x], _w, p) {
    const fn = p.fn as ActivationFn;
    if (fn === 'linear') return { output: x, cache: { y: x } };
    const y = { shape: [...x.shape], data: x.data.slice() };
    activateInPlace(fn, y.data, y.shape);
    return { output: y, cache: { y } };
  },
  backward(dOut, { y }, _w, p) {
    const fn = p.fn as ActivationFn;
    if (fn === 'linear') return [dOut];
    return [{ shape: [...y.shape], data: activationBackward(fn, y.data, dOut.data, new Float32Array(dOut.data.length), y.shape) }];
  },
};
