/**
 * Merges: add sums inputs of equal shape; concat stacks them along channels (axis 1 with the batch), so feature
 * maps need equal H×W. Both take the largest receptive field of their inputs.
 */
import { LayerError, type LayerDef, type ReceptiveField, type Shape, type Tensor } from '../types.js';

const fmt = (s: Shape) => `[${s.join(', ')}]`;

function largestField(inputs: (ReceptiveField | null)[]): ReceptiveField | null {
  if (inputs.some((r) => r === null)) return null;
  const rs = inputs as ReceptiveField[];
  return {
    size: [Math.max(...rs.map((r) => r.size[0])), Math.max(...rs.map((r) => r.size[1]))],
    jump: [Math.max(...rs.map((r) => r.jump[0])), Math.max(...rs.map((r) => r.jump[1]))],
  };
}

export const add: LayerDef<{ count: number }> = {
  kind: 'add',
  label: 'Add',
  category: 'Merge',
  description: 'Adds its inputs element by element (a residual connection). They must have the same shape.',
  params: [],
  inputs: { min: 2, max: 16 },
  summarize: () => '',
  inferShape(inputs, _p, ctx) {
    const first = inputs[0];
    const other = inputs.find((s) => s.length !== first.length || s.some((d, i) => d !== first[i]));
    if (other) {
      throw new LayerError(
        `add "${ctx.id}" needs inputs of the same shape but gets ${inputs.map(fmt).join(' and ')} — make the branches produce the same shape`,
        'shapeMismatch',
      );
    }
    return [...first];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: largestField,
  forward(inputs) {
    const y = inputs[0].data.slice();
    for (let k = 1; k < inputs.length; k++) {
      const d = inputs[k].data;
      for (let i = 0; i < y.length; i++) y[i] += d[i];
    }
    return { output: { shape: [...inputs[0].shape], data: y }, cache: { count: inputs.length } };
  },
  /** Every input gets dOutput; the first takes dOutput's own buffer, the others copies, so none alias. */
  backward(dOut, { count }) {
    const out: Tensor[] = [dOut];
    for (let k = 1; k < count; k++) out.push({ shape: [...dOut.shape], data: dOut.data.slice() });
    return out;
  },
};

export const concat: LayerDef<{ shapes: number[][] }> = {
  kind: 'concat',
  label: 'Concatenate',
  category: 'Merge',
  description: 'Stacks its inputs along the channels. Feature maps must have the same height and width.',
  params: [],
  inputs: { min: 2, max: 16 },
  summarize: () => 'channels',
  inferShape(inputs, _p, ctx) {
    const rank = inputs[0].length;
    if (inputs.some((s) => s.length !== rank)) {
      throw new LayerError(
        `concat "${ctx.id}" cannot join a feature map and a flat vector (${inputs.map(fmt).join(' and ')}) — flatten every branch or none`,
        'shapeMismatch',
      );
    }
    if (rank === 3 && inputs.some((s) => s[1] !== inputs[0][1] || s[2] !== inputs[0][2])) {
      throw new LayerError(
        `concat "${ctx.id}" needs inputs with the same height × width but gets ${inputs.map((s) => `${s[1]}×${s[2]}`).join(' and ')} — use "same" padding or matching pools in each branch`,
        'shapeMismatch',
      );
    }
    const channels = inputs.reduce((a, s) => a + s[0], 0);
    return rank === 3 ? [channels, inputs[0][1], inputs[0][2]] : [channels];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: largestField,
  /** Along axis 1: per sample, the inputs' blocks of C_k·H·W values (C_k for flat inputs) follow one another. */
  forward(inputs) {
    const n = inputs[0].shape[0];
    const blocks = inputs.map((t) => t.data.length / n);
    const total = blocks.reduce((a, b) => a + b, 0);
    const y = new Float32Array(n * total);
    for (let s = 0; s < n; s++) {
      let o = s * total;
      inputs.forEach((t, k) => {
        y.set(t.data.subarray(s * blocks[k], (s + 1) * blocks[k]), o);
        o += blocks[k];
      });
    }
    const shape = [...inputs[0].shape];
    shape[1] = inputs.reduce((a, t) => a + t.shape[1], 0);
    return { output: { shape, data: y }, cache: { shapes: inputs.map((t) => [...t.shape]) } };
  },
  backward(dOut, { shapes }) {
    const n = shapes[0][0];
    const blocks = shapes.map((s) => s.reduce((a, b) => a * b, 1) / n);
    const total = blocks.reduce((a, b) => a + b, 0);
    const out = shapes.map((s, k) => ({ shape: [...s], data: new Float32Array(n * blocks[k]) }));
    for (let s = 0; s < n; s++) {
      let o = s * total;
      out.forEach((t, k) => {
        t.data.set(dOut.data.subarray(o, o + blocks[k]), s * blocks[k]);
        o += blocks[k];
      });
    }
    return out;
  },
};
