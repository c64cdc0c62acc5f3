/**
 * Max and average pooling of one feature map (H × W, row-major), with each output's winning input position, for
 * the pooling view. Same rules as the engine's pools (layers/pool.ts): rounding down (ONNX ceil_mode 0), padding
 * never counts towards an average (count_include_pad 0) and never wins a max; ties go to the first position in
 * row-major order, like numpy.argmax.
 */
import { windowOf, type Window } from '../layers/geometry.js';
import type { Padding } from '../types.js';

export type PoolKind = 'max' | 'avg';

export interface PoolResult {
  window: Window;
  height: number;
  width: number;
  values: Float32Array;
  /** For max: flat input index (y·W + x) of each output's winner; for avg: −1. */
  winners: Int32Array;
}

export function pool2d(
  data: ArrayLike<number>,
  H: number,
  W: number,
  kind: PoolKind,
  size: number,
  stride: number,
  padding: Padding = 'valid',
): PoolResult {
  if (data.length !== H * W) throw new Error(`a ${H}×${W} map needs ${H * W} values, not ${data.length}`);
  const win = windowOf(H, W, [size, size], [stride, stride], padding);
  const [outH, outW] = win.out;
  if (outH < 1 || outW < 1) throw new Error(`the ${size}×${size} window does not fit the ${H}×${W} map`);
  const values = new Float32Array(outH * outW);
  const winners = new Int32Array(outH * outW).fill(-1);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const y0 = oy * stride - win.padsBegin[0];
      const x0 = ox * stride - win.padsBegin[1];
      let best = -Infinity;
      let bestAt = -1;
      let sum = 0;
      let count = 0;
      for (let y = Math.max(y0, 0); y < Math.min(y0 + size, H); y++) {
        for (let x = Math.max(x0, 0); x < Math.min(x0 + size, W); x++) {
          const v = data[y * W + x];
          sum += v;
          count++;
          if (v > best) {
            best = v;
            bestAt = y * W + x;
          }
        }
      }
      const o = oy * outW + ox;
      if (kind === 'max') {
        values[o] = best;
        winners[o] = bestAt;
      } else {
        values[o] = count ? sum / count : 0;
      }
    }
  }
  return { window: win, height: outH, width: outW, values, winners };
}
