/**
 * Merges: add sums inputs of equal shape; concat stacks them along channels (axis 1 with the batch), so feature
 * maps need equal H×W. Both take the largest receptive field of their inputs.
 */
import { LayerError, type LayerDef, type ReceptiveField, type Shape } from '../types.js';

const fmt = (s: Shape) => `[${s.join(', ')}]`;

function largestField(inputs: (ReceptiveField | null)[]): ReceptiveField | null {
  if (inputs.some((r) => r === null)) return null;
  const rs = inputs as ReceptiveField[];
  return {
    size: [Math.max(...rs.map((r) => r.size[0])), Math.max(...rs.map((r) => r.size[1]))],
    jump: [Math.max(...rs.map((r) => r.jump[0])), Math.max(...rs.map((r) => r.jump[1]))],
  };
}

export const add: LayerDef = {
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
};

export const concat: LayerDef = {
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
};
