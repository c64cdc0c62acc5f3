/** flatten: a feature map [C, H, W] becomes a vector [C·H·W] in C-major order (ONNX Flatten axis 1). */
import type { LayerDef } from '../types.js';

/** Flattening is a reshape: the output shares the input's buffer, and the gradient shares dOutput's. */

export const flatten: LayerDef<{ shape: number[] }> = {
  kind: 'flatten',
  label: 'Flatten',
  category: 'Shape',
  description: 'Unrolls a feature map into one long vector, so dense layers can follow.',
  params: [],
  inputs: { min: 1, max: 1 },
  summarize: () => '',
  inferShape: (inputs) => [inputs[0].reduce((a, b) => a * b, 1)],
  tensors: () => [],
  macs: () => 0,
  receptiveField: () => null,
  forward([x]) {
    const n = x.shape[0];
    return { output: { shape: [n, x.data.length / n], data: x.data }, cache: { shape: [...x.shape] } };
  },
  backward: (dOut, cache) => [{ shape: [...cache.shape], data: dOut.data }],
};
