/**
 * dense in the compiled graph: Y = act(X·W + b) by Gemm; dW = Xᵀ·dZ, db = Σ_N dZ, dX = dZ·Wᵀ (Gemm with transA /
 * transB), dZ the gradient before the activation.
 */
import { activationForward } from '../../compile/activations.js';
import { preGradient, type KindEmitter } from '../../compile/kinds.js';
import { activationOf } from '../specs.js';

export const denseEmitter: KindEmitter = {
  forward(c, [x]) {
    const ins = [x, c.tensor('W')];
    if (c.info.tensors.some((t) => t.name === 'b')) ins.push(c.tensor('b'));
    const act = activationOf(c.params);
    const pre = c.e.op('Gemm', ins, act === 'linear' ? c.id : `${c.id}/pre`, {});
    return { output: activationForward(c.e, act, pre, c.id), pre, saved: {} };
  },
  backward(c, a) {
    const e = c.e;
    const dz = preGradient(c, a);
    a.grad('W', e.op('Gemm', [a.inputs[0], dz], `${c.id}/dW`, { transA: 1 }));
    if (c.info.tensors.some((t) => t.name === 'b')) a.grad('b', e.reduceSum(dz, [0], `${c.id}/db`));
    if (!a.needDx[0]) return [null];
    return [e.op('Gemm', [dz, c.tensor('W')], `${c.id}/dx`, { transB: 1 })];
  },
};
