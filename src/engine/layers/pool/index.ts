/**
 * Pooling: maxPool2d and avgPool2d slide a window per channel and round down (ONNX ceil_mode 0); the stride
 * defaults to the pool size. Padding never counts towards an average (ONNX count_include_pad 0) and never wins a
 * max. globalAvgPool2d averages each channel to one number and outputs a flat [C]. Forward and backward in
 * kernels.ts, ONNX in onnx.ts, the compiled training step in compiled.ts.
 */
import type { KindEmitter } from '../../compile/kinds.js';
import { msg } from '../../messages.js';
import { LayerError, type LayerKernels } from '../../types.js';
import { windowLines, fieldLine } from '../formulas.js';
import { pair, slideField } from '../geometry.js';
import type { LayerKind, OnnxFacet, PytorchFacet } from '../kind.js';
import { avgPoolEmitter, globalAvgPoolEmitter, maxPoolEmitter } from './compiled.js';
import { avgKernels, globalAvgKernels, maxKernels, poolParams, poolWindow, summarizePool } from './kernels.js';
import { avgPoolOnnx, globalAvgPoolOnnx, maxPoolOnnx } from './onnx.js';
import { avgPool2dPy, globalAvgPool2dPy, maxPool2dPy } from './pytorch.js';

function windowPool<C>(
  kind: 'maxPool2d' | 'avgPool2d',
  label: string,
  description: string,
  kernels: LayerKernels<C>,
  facets: { onnx: OnnxFacet; compiled: KindEmitter; pytorch: PytorchFacet },
): LayerKind<C> {
  return {
    ...kernels,
    ...facets,
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
    explain({ params: p, info, inputField }) {
      const k = pair(p.poolSize, [2, 2]);
      return {
        out: windowLines(info.inputShapes[0], k, pair(p.stride, k), p),
        receptiveField: fieldLine(inputField, k),
      };
    },
  };
}

export const maxPool2d = windowPool(
  'maxPool2d',
  'Max pool 2D',
  'Keeps the largest value in each window: shrinks the map, keeps the strongest response.',
  maxKernels,
  { onnx: maxPoolOnnx, compiled: maxPoolEmitter, pytorch: maxPool2dPy },
);
export const avgPool2d = windowPool(
  'avgPool2d',
  'Average pool 2D',
  'Averages each window: shrinks the map smoothly.',
  avgKernels,
  {
    onnx: avgPoolOnnx,
    compiled: avgPoolEmitter,
    pytorch: avgPool2dPy,
  },
);

export const globalAvgPool2d: LayerKind<{ shape: number[] }> = {
  kind: 'globalAvgPool2d',
  label: 'Global average pool',
  category: 'Pooling',
  description: 'Averages each channel over the whole map, giving one number per channel (a flat vector).',
  params: [],
  inputs: { min: 1, max: 1 },
  summarize: () => [msg('summary.globalMean')],
  inferShape(inputs, _p, ctx) {
    const x = inputs[0];
    if (x.length !== 3) {
      const args = { kind: 'globalAvgPool2d', id: ctx.id, shape: `[${x.join(', ')}]` };
      throw new LayerError(msg('globalPoolNeedsFeatureMap', args));
    }
    return [x[0]];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: () => null,
  ...globalAvgKernels,
  explain: ({ info }) => ({ out: [msg('formula.outGlobal', { c: info.outputShape![0] })] }),
  onnx: globalAvgPoolOnnx,
  compiled: globalAvgPoolEmitter,
  pytorch: globalAvgPool2dPy,
};
