/**
 * batchNorm in the compiled graph. Training: batch mean μ and biased variance σ² over N (and H, W);
 * x̂ = (x − μ)/√(σ² + ε); y = γ·x̂ + β; running ← momentum·running + (1 − momentum)·batch statistic (unbiased
 * variance, as the engine). Backward, with means over the same axes (so the batch size never appears):
 *   dx = (1/√(σ² + ε))·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = γ·dy;  dγ = Σ dy·x̂;  dβ = Σ dy.
 * Evaluation: BatchNormalization with the running statistics.
 */
import { DataType } from '../../onnx/values.js';
import type { Forward, KindEmitter } from '../../compile/kinds.js';
import { sizeOf } from '../../kernels/scratch.js';

export const batchNormEmitter: KindEmitter = {
  forward(c, [x]): Forward {
    const e = c.e;
    const shape = c.info.inputShapes[0];
    const ch = shape[0];
    const eps = c.params.epsilon as number;
    if (!c.training) {
      const ins = [x, c.tensor('gamma'), c.tensor('beta'), c.tensor('runningMean'), c.tensor('runningVar')];
      return { output: e.op('BatchNormalization', ins, c.id, { epsilon: e.float(eps) }), saved: {} };
    }
    const axes = shape.length === 3 ? [0, 2, 3] : [0];
    const bshape = shape.length === 3 ? [1, ch, 1, 1] : [1, ch];
    const mean = e.reduceMean(x, axes, `${c.id}/mean`, 1);
    const xc = e.sub(x, mean, `${c.id}/xc`);
    const variance = e.reduceMean(e.mul(xc, xc, `${c.id}/xc2`), axes, `${c.id}/var`, 1);
    const invStd = e.op(
      'Reciprocal',
      [e.op('Sqrt', [e.add(variance, e.scalar(eps), `${c.id}/vareps`)], `${c.id}/std`)],
      `${c.id}/invstd`,
    );
    const xhat = e.mul(xc, invStd, `${c.id}/xhat`);
    const gamma = e.reshape(c.tensor('gamma'), bshape, `${c.id}/gamma4`);
    const beta = e.reshape(c.tensor('beta'), bshape, `${c.id}/beta4`);
    const y = e.add(e.mul(xhat, gamma, `${c.id}/scaled`), beta, c.id);
    const m = c.params.momentum as number;
    // The running variance takes the unbiased batch variance, × count/(count − 1) with count = N·H·W (the
    // engine's layers/batchNorm.ts, PyTorch's rule); the batch is symbolic, so the count comes from the shape.
    const inner = sizeOf(shape.slice(1));
    const n = e.cast(
      e.slice(e.op('Shape', [x], `${c.id}/xshape`), [0], [1], [0], `${c.id}/n`),
      DataType.FLOAT,
      `${c.id}/nf`,
    );
    const count = e.scale(n, inner, `${c.id}/count`);
    const bessel = e.div(
      count,
      e.op('Max', [e.sub(count, e.scalar(1), `${c.id}/countm1`), e.scalar(1)], `${c.id}/countm1pos`),
      `${c.id}/bessel`,
    );
    const unbiased = e.mul(variance, bessel, `${c.id}/varunbiased`);
    for (const [name, batch] of [
      ['runningMean', mean],
      ['runningVar', unbiased],
    ] as const) {
      const flat = e.reshape(batch, [ch], `${c.id}/${name}/batch`);
      const kept = e.scale(c.tensor(name), m, `${c.id}/${name}/kept`);
      c.stateOut(name, e.add(kept, e.scale(flat, 1 - m, `${c.id}/${name}/new`), `${c.id}/${name}/next`));
    }
    return { output: y, saved: { xhat, invStd, gamma } };
  },
  backward(c, a) {
    const e = c.e;
    const shape = c.info.inputShapes[0];
    const axes = shape.length === 3 ? [0, 2, 3] : [0];
    const { xhat, invStd, gamma } = a.fwd.saved;
    a.grad('gamma', e.reduceSum(e.mul(a.dy, xhat, `${c.id}/dyxhat`), axes, `${c.id}/dgamma`));
    a.grad('beta', e.reduceSum(a.dy, axes, `${c.id}/dbeta`));
    if (!a.needDx[0]) return [null];
    const dxhat = e.mul(a.dy, gamma, `${c.id}/dxhat`);
    const meanD = e.reduceMean(dxhat, axes, `${c.id}/meandxhat`, 1);
    const meanDX = e.reduceMean(e.mul(dxhat, xhat, `${c.id}/dxhatxhat`), axes, `${c.id}/meandxhatxhat`, 1);
    const inner = e.sub(e.sub(dxhat, meanD, `${c.id}/dxc`), e.mul(xhat, meanDX, `${c.id}/proj`), `${c.id}/inner`);
    return [e.mul(inner, invStd, `${c.id}/dx`)];
  },
};
