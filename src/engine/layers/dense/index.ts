/**
 * dense: every output unit sees every input value. W is [in, units] (ONNX Gemm without transB), b is [units].
 * ONNX in onnx.ts, the compiled training step in compiled.ts.
 */
import { activateInPlace, activationBackward } from '../../kernels/activation.js';
import { gemm } from '../../kernels/gemm.js';
import { scratch } from '../../kernels/scratch.js';
import { makeFix } from '../../fixes.js';
import { msg } from '../../messages.js';
import { LayerError, type Params, type Tensor } from '../../types.js';
import { denseCounts, macsLine, paramsLine } from '../formulas.js';
import type { LayerKind } from '../kind.js';
import { activationOf, activationPart, activationSpec, useBiasSpec } from '../specs.js';
import { denseEmitter } from './compiled.js';
import { denseOnnx } from './onnx.js';
import { densePy } from './pytorch.js';

interface DenseCache {
  x: Tensor;
  y: Tensor;
}

/** Y = act(X·W + b), X viewed as [N, in]. */
function denseForward(
  inputs: Tensor[],
  wts: Record<string, Float32Array>,
  p: Params,
): { output: Tensor; cache: DenseCache } {
  const x = inputs[0];
  const n = x.shape[0];
  const u = p.units as number;
  const k = x.data.length / n;
  const y = new Float32Array(n * u);
  gemm(false, false, n, u, k, x.data, 0, wts.W, 0, y, 0, false);
  const b = wts.b;
  if (b) for (let i = 0; i < n; i++) for (let j = 0; j < u; j++) y[i * u + j] += b[j];
  const output = { shape: [n, u], data: y };
  activateInPlace(activationOf(p), y, output.shape);
  return { output, cache: { x, y: output } };
}

/** dZ = dY ⊙ act′(Y); dW += Xᵀ·dZ; db += Σ_n dZ; dX = dZ·Wᵀ. */
function denseBackward(
  dOut: Tensor,
  cache: DenseCache,
  wts: Record<string, Float32Array>,
  p: Params,
  grads: Record<string, Float32Array>,
  needInput?: readonly boolean[],
): Tensor[] {
  const { x, y } = cache;
  const n = x.shape[0];
  const u = p.units as number;
  const k = x.data.length / n;
  const act = activationOf(p);
  const dz =
    act === 'linear'
      ? dOut.data
      : activationBackward(act, y.data, dOut.data, scratch('dense.dz', dOut.data.length), y.shape);
  gemm(true, false, k, u, n, x.data, 0, dz, 0, grads.W, 0, true);
  if (grads.b) {
    const gb = grads.b;
    for (let i = 0; i < n; i++) for (let j = 0; j < u; j++) gb[j] += dz[i * u + j];
  }
  if (needInput?.[0] === false) return [{ shape: [0], data: new Float32Array(0) }];
  const dx = new Float32Array(n * k);
  gemm(false, true, n, k, u, dz, 0, wts.W, 0, dx, 0, false);
  return [{ shape: [...x.shape], data: dx }];
}

export const dense: LayerKind<DenseCache> = {
  kind: 'dense',
  label: 'Dense',
  category: 'Dense',
  description: 'Fully connected: every output unit has its own weight for every input value.',
  params: [
    { name: 'units', label: 'Units', type: 'int', min: 1, max: 1_000_000, initial: 10 },
    useBiasSpec,
    activationSpec,
  ],
  inputs: { min: 1, max: 1 },
  summarize: (p) => [msg('summary.units', { units: p.units as number }), ...activationPart(p)],
  inferShape(inputs, p, ctx) {
    const x = inputs[0];
    if (x.length !== 1) {
      throw new LayerError(msg('needsFlatten', { id: ctx.id, shape: `[${x.join(', ')}]` }), [
        makeFix({ type: 'insertBefore', nodeId: ctx.id, kind: 'flatten' }),
      ]);
    }
    return [p.units as number];
  },
  tensors(inputs, out, p) {
    const n = inputs[0][0];
    const u = out[0];
    return [
      {
        name: 'W',
        shape: [n, u],
        role: 'weight',
        init: ['relu', 'leakyRelu'].includes(activationOf(p)) ? 'he' : 'glorot',
        fanIn: n,
        fanOut: u,
      },
      ...(p.useBias === false
        ? []
        : [{ name: 'b', shape: [u], role: 'bias' as const, init: 'zeros' as const, fanIn: n, fanOut: u }]),
    ];
  },
  macs: (inputs, out) => denseCounts(inputs[0][0], out[0]).macs.value,
  receptiveField: () => null,
  forward: denseForward,
  backward: denseBackward,
  explain({ params: p, info }) {
    const c = denseCounts(info.inputShapes[0][0], info.outputShape![0]);
    return {
      params: paramsLine(c, p.useBias !== false),
      out: [msg('formula.out', { expr: String(info.outputShape![0]) })],
      macs: macsLine(c),
    };
  },
  onnx: denseOnnx,
  compiled: denseEmitter,
  pytorch: densePy,
};
