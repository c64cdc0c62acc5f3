/**
 * Pooling: maxPool2d and avgPool2d slide a window per channel and round down (ONNX ceil_mode 0); the stride
 * defaults to the pool size. Padding never counts towards an average (ONNX count_include_pad 0) and never wins a
 * max. globalAvgPool2d averages each channel to one number and outputs a flat [C].
 */
import { LayerError, type LayerDef, type ParamSpec, type Params, type Shape } from '../types.js';
import { fmtPadding, fmtSize, pair, paddingOf, slide, slideField } from './geometry.js';
import { paddingSpec } from './specs.js';

const poolParams: readonly ParamSpec[] = [
  { name: 'poolSize', label: 'Pool size', type: 'size2', min: 1, max: 64, default: 2, unit: 'px' },
  { name: 'stride', label: 'Stride', type: 'size2', min: 1, max: 64, optional: true, default: null, unit: 'px', help: 'Empty: the same as the pool size' },
  paddingSpec,
];

export function poolWindow(kind: string, id: string, inputs: Shape[], p: Params) {
  const k = pair(p.poolSize, [2, 2]);
  return slide(kind, id, inputs, k, pair(p.stride, k), paddingOf(p), 'window');
}

function summarizePool(p: Params): string {
  const k = pair(p.poolSize, [2, 2]);
  const s = pair(p.stride, k);
  const strideText = s[0] === k[0] && s[1] === k[1] ? '' : `, stride ${s[0] === s[1] ? s[0] : fmtSize(s)}`;
  const pad = paddingOf(p);
  return `${fmtSize(k)}${strideText}${pad === 'valid' ? '' : `, ${fmtPadding(pad)}`}`;
}

function windowPool(kind: 'maxPool2d' | 'avgPool2d', label: string, description: string): LayerDef {
  return {
    kind,
    label,
    category: 'Pooling',
    description,
    params: poolParams,
    inputs: { min: 1, max: 1 },
    summarize: summarizePool,
    inferShape(inputs, p, ctx) {
      const win = poolWindow(kind, ctx.id, inputs, p);
      return [inputs[0][0], win.out[0], win.out[1]];
    },
    tensors: () => [],
    macs: () => 0,
    receptiveField(inputs, p) {
      const k = pair(p.poolSize, [2, 2]);
      return slideField(inputs[0], k, pair(p.stride, k));
    },
  };
}

export const maxPool2d = windowPool('maxPool2d', 'Max pool 2D', 'Keeps the largest value in each window: shrinks the map, keeps the strongest response.');
export const avgPool2d = windowPool('avgPool2d', 'Average pool 2D', 'Averages each window: shrinks the map smoothly.');

export const globalAvgPool2d: LayerDef = {
  kind: 'globalAvgPool2d',
  label: 'Global average pool',
  category: 'Pooling',
  description: 'Averages each channel over the whole map, giving one number per channel (a flat vector).',
  params: [],
  inputs: { min: 1, max: 1 },
  summarize: () => 'mean over H×W',
  inferShape(inputs, _p, ctx) {
    const x = inputs[0];
    if (x.length !== 3) {
      throw new LayerError(`globalAvgPool2d "${ctx.id}" needs a feature map [C, H, W] but gets a flat vector [${x.join(', ')}]`, 'needsFeatureMap');
    }
    return [x[0]];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: () => null,
};
