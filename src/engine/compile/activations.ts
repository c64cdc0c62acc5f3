/**
 * Activations in the compiled graph, forward and backward side by side. Every derivative is taken from the
 * activation's output y, as the engine's kernels/activation.ts does, so the backward needs only the forward's
 * output:
 *   relu′ = [y > 0];  leakyRelu′ = [y > 0] ? 1 : α;  sigmoid′ = y(1 − y);  tanh′ = 1 − y²;
 *   softmax (over axis 1): dx = y ⊙ (dy − Σ_c dy·y).
 */
import { LEAKY_RELU_ALPHA, type ActivationFn } from '../types.js';
import type { Emitter } from './emit.js';

/** y = fn(x); returns y's name (x itself for linear). */
export function activationForward(e: Emitter, fn: ActivationFn, x: string, out: string): string {
  switch (fn) {
    case 'linear':
      return x;
    case 'relu':
      return e.op('Relu', [x], out);
    case 'leakyRelu':
      return e.op('LeakyRelu', [x], out, { alpha: e.float(LEAKY_RELU_ALPHA) });
    case 'sigmoid':
      return e.op('Sigmoid', [x], out);
    case 'tanh':
      return e.op('Tanh', [x], out);
    case 'softmax':
      return e.op('Softmax', [x], out, { axis: 1 });
  }
}

/** dx = dy ⊙ fn′, from the output y. */
export function activationBackward(e: Emitter, fn: ActivationFn, y: string, dy: string, out: string): string {
  switch (fn) {
    case 'linear':
      return dy;
    case 'relu': {
      const pos = e.op('Greater', [y, e.scalar(0)], `${out}/pos`);
      return e.op('Where', [pos, dy, e.scalar(0)], out);
    }
    case 'leakyRelu': {
      const pos = e.op('Greater', [y, e.scalar(0)], `${out}/pos`);
      const slope = e.op('Where', [pos, e.scalar(1), e.scalar(LEAKY_RELU_ALPHA)], `${out}/slope`);
      return e.mul(dy, slope, out);
    }
    case 'sigmoid': {
      const oneMinus = e.sub(e.scalar(1), y, `${out}/1my`);
      return e.mul(dy, e.mul(y, oneMinus, `${out}/d`), out);
    }
    case 'tanh': {
      const y2 = e.mul(y, y, `${out}/y2`);
      return e.mul(dy, e.sub(e.scalar(1), y2, `${out}/d`), out);
    }
    case 'softmax': {
      const dot = e.reduceSum(e.mul(dy, y, `${out}/dyy`), [1], `${out}/dot`, 1);
      return e.mul(y, e.sub(dy, dot, `${out}/centered`), out);
    }
  }
}
