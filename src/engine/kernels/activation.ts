/**
 * Element-wise activations and softmax, forward and backward. Every derivative is written in terms of the
 * activation's output y, so a layer only has to keep its output for the backward pass:
 *   relu′ = [y > 0], leakyRelu′ = y > 0 ? 1 : α (α > 0 keeps the sign), sigmoid′ = y(1 − y), tanh′ = 1 − y²,
 *   softmax: dx_c = y_c · (dy_c − Σ_k dy_k·y_k) over the normalised axis.
 * Softmax normalises over axis 1 (channels or units), independently at every sample and spatial position, as
 * ONNX Softmax-13 with axis 1.
 */
import { LEAKY_RELU_ALPHA, type ActivationFn } from '../types.js';

/** Applies `fn` in place to `data`, a batch-first tensor of `shape`. */
export function activateInPlace(fn: ActivationFn, data: Float32Array, shape: readonly number[]): void {
  const n = data.length;
  switch (fn) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (data[i] < 0) data[i] = 0; // NaN stays NaN so the trainer can see it
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) if (data[i] < 0) data[i] *= LEAKY_RELU_ALPHA;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        // Two branches keep exp from overflowing for large |x|.
        const x = data[i];
        if (x >= 0) data[i] = 1 / (1 + Math.exp(-x));
        else {
          const e = Math.exp(x);
          data[i] = e / (1 + e);
        }
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) data[i] = Math.tanh(data[i]);
      return;
    case 'softmax':
      softmaxInPlace(data, shape);
      return;
  }
}

/** Softmax over axis 1 of a [N, C, ...] tensor, subtracting the maximum first (stable for large inputs). */
export function softmaxInPlace(data: Float32Array, shape: readonly number[]): void {
  const n = shape[0];
  const c = shape[1];
  const inner = data.length / (n * c);
  for (let b = 0; b < n; b++) {
    const base = b * c * inner;
    for (let s = 0; s < inner; s++) {
      const o = base + s;
      let max = -Infinity;
      for (let k = 0; k < c; k++) max = Math.max(max, data[o + k * inner]);
      let sum = 0;
      for (let k = 0; k < c; k++) {
        const e = Math.exp(data[o + k * inner] - max);
        data[o + k * inner] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let k = 0; k < c; k++) data[o + k * inner] *= inv;
    }
  }
}

/**
 * dx = dy ⊙ f′, computed from the output y. Writes into `dx` (which may be `dy` itself) and returns it.
 */
export function activationBackward(
  fn: ActivationFn,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  shape: readonly number[],
): Float32Array {
  const n = y.length;
  switch (fn) {
    case 'linear':
      if (dx !== dy) dx.set(dy);
      return dx;
    case 'relu':
      for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
      return dx;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : dy[i] * LEAKY_RELU_ALPHA;
      return dx;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
      return dx;
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return dx;
    case 'softmax': {
      const nb = shape[0];
      const c = shape[1];
      const inner = n / (nb * c);
      for (let b = 0; b < nb; b++) {
        for (let s = 0; s < inner; s++) {
          const o = b * c * inner + s;
          let dot = 0;
          for (let k = 0; k < c; k++) dot += dy[o + k * inner] * y[o + k * inner];
          for (let k = 0; k < c; k++) dx[o + k * inner] = y[o + k * inner] * (dy[o + k * inner] - dot);
        }
      }
      return dx;
    }
  }
}
