/**
 * Pooling's forward and backward: maxPool2d and avgPool2d slide a window per channel and round down (ONNX
 * ceil_mode 0); the stride defaults to the pool size. Padding never counts towards an average (ONNX
 * count_include_pad 0) and never wins a max. globalAvgPool2d averages each channel to one number and outputs a
 * flat [C].
 */
import type { LayerKernels, ParamSpec, Params, Shape, Tensor } from '../../types.js';
import {
  fmtSize,
  pair,
  paddingOf,
  paddingPart,
  slide,
  stridePart,
  windowOf,
  windowSpans,
  type Window,
} from '../geometry.js';
import { msg, type Message } from '../../messages.js';
import { paddingSpec } from '../specs.js';
import { sizeOf } from '../../kernels/scratch.js';

export const poolParams: readonly ParamSpec[] = [
  { name: 'poolSize', label: 'Pool size', type: 'size2', min: 1, max: 64, default: 2, unit: 'px' },
  {
    name: 'stride',
    label: 'Stride',
    type: 'size2',
    min: 1,
    max: 64,
    optional: true,
    default: null,
    unit: 'px',
    help: 'Empty: the same as the pool size',
  },
  paddingSpec,
];

export function poolWindow(kind: string, id: string, inputs: Shape[], p: Params) {
  const k = pair(p.poolSize, [2, 2]);
  return slide(kind, id, inputs, k, pair(p.stride, k), paddingOf(p), 'window');
}

export function summarizePool(p: Params): Message[] {
  const k = pair(p.poolSize, [2, 2]);
  const pad = paddingOf(p);
  return [
    msg('summary.size', { size: fmtSize(k) }),
    ...stridePart(pair(p.stride, k), k),
    ...(pad === 'valid' ? [] : [paddingPart(pad)]),
  ];
}

function poolGeom(x: Tensor, p: Params): Window {
  const k = pair(p.poolSize, [2, 2]);
  return windowOf(x.shape[2], x.shape[3], k, pair(p.stride, k), paddingOf(p));
}

interface MaxCache {
  shape: number[];
  /** For every output, the flat index in x of the value that won. */
  argmax: Int32Array;
}

/**
 * The common 2×2, stride 2 case (LeNet's pools) where every window lies inside the input, with the same
 * row-major first-maximum rule.
 */
function maxPool2x2(
  xd: Float32Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
  y: Float32Array,
  argmax: Int32Array,
): void {
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      let i = plane * h * w + 2 * oy * w;
      for (let ox = 0; ox < ow; ox++, o++, i += 2) {
        let best = i;
        let bv = xd[i];
        if (xd[i + 1] > bv) {
          bv = xd[i + 1];
          best = i + 1;
        }
        if (xd[i + w] > bv) {
          bv = xd[i + w];
          best = i + w;
        }
        if (xd[i + w + 1] > bv) {
          bv = xd[i + w + 1];
          best = i + w + 1;
        }
        y[o] = bv;
        argmax[o] = best;
      }
    }
  }
}

/**
 * Max over each window's in-bounds pixels (padding never wins). Ties: the first maximum in row-major window
 * order wins (strict >), and the backward routes the whole gradient to it.
 */
export const maxKernels: LayerKernels<MaxCache> = {
  forward([x], _w, p) {
    const [n, c, h, w] = x.shape;
    const win = poolGeom(x, p);
    const [oh, ow] = win.out;
    const y = new Float32Array(n * c * oh * ow);
    const argmax = new Int32Array(y.length);
    const xd = x.data;
    const [kh, kw] = win.kernel;
    const [sh, sw] = win.stride;
    const [pt, pl] = win.padsBegin;
    // "same" padding on an odd size pads at the end: that last window is partly outside, so not the fast path.
    if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && pt === 0 && pl === 0 && 2 * oh <= h && 2 * ow <= w) {
      maxPool2x2(xd, n * c, h, w, oh, ow, y, argmax);
      return { output: { shape: [n, c, oh, ow], data: y }, cache: { shape: [...x.shape], argmax } };
    }
    const { rows, cols } = windowSpans(win, h, w);
    let o = 0;
    for (let plane = 0; plane < n * c; plane++) {
      const base = plane * h * w;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = rows[2 * oy];
        const y1 = rows[2 * oy + 1];
        for (let ox = 0; ox < ow; ox++, o++) {
          const x0 = cols[2 * ox];
          const x1 = cols[2 * ox + 1];
          let best = base + y0 * w + x0;
          let bv = xd[best];
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0, idx = base + iy * w + x0; ix < x1; ix++, idx++) {
              if (xd[idx] > bv) {
                bv = xd[idx];
                best = idx;
              }
            }
          }
          y[o] = bv;
          argmax[o] = best;
        }
      }
    }
    return { output: { shape: [n, c, oh, ow], data: y }, cache: { shape: [...x.shape], argmax } };
  },
  backward(dOut, cache) {
    const dx = new Float32Array(sizeOf(cache.shape));
    const { argmax } = cache;
    const dy = dOut.data;
    for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
    return [{ shape: [...cache.shape], data: dx }];
  },
};

/** Mean over each window's in-bounds pixels: the divisor counts no padding (ONNX count_include_pad 0). */
export const avgKernels: LayerKernels<{ shape: number[] }> = {
  forward([x], _w, p) {
    const [n, c, h, w] = x.shape;
    const win = poolGeom(x, p);
    const [oh, ow] = win.out;
    const y = new Float32Array(n * c * oh * ow);
    const xd = x.data;
    const { rows, cols } = windowSpans(win, h, w);
    let o = 0;
    for (let plane = 0; plane < n * c; plane++) {
      const base = plane * h * w;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = rows[2 * oy];
        const y1 = rows[2 * oy + 1];
        for (let ox = 0; ox < ow; ox++, o++) {
          const x0 = cols[2 * ox];
          const x1 = cols[2 * ox + 1];
          let sum = 0;
          for (let iy = y0; iy < y1; iy++)
            for (let idx = base + iy * w + x0, end = idx + x1 - x0; idx < end; idx++) sum += xd[idx];
          y[o] = sum / ((y1 - y0) * (x1 - x0));
        }
      }
    }
    return { output: { shape: [n, c, oh, ow], data: y }, cache: { shape: [...x.shape] } };
  },
  backward(dOut, cache, _w, p) {
    const [n, c, h, w] = cache.shape;
    const win = poolGeom({ shape: cache.shape, data: new Float32Array(0) }, p);
    const [oh, ow] = win.out;
    const dx = new Float32Array(n * c * h * w);
    const dy = dOut.data;
    const { rows, cols } = windowSpans(win, h, w);
    let o = 0;
    for (let plane = 0; plane < n * c; plane++) {
      const base = plane * h * w;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = rows[2 * oy];
        const y1 = rows[2 * oy + 1];
        for (let ox = 0; ox < ow; ox++, o++) {
          const x0 = cols[2 * ox];
          const x1 = cols[2 * ox + 1];
          const g = dy[o] / ((y1 - y0) * (x1 - x0));
          for (let iy = y0; iy < y1; iy++)
            for (let idx = base + iy * w + x0, end = idx + x1 - x0; idx < end; idx++) dx[idx] += g;
        }
      }
    }
    return [{ shape: [...cache.shape], data: dx }];
  },
};

export const globalAvgKernels: LayerKernels<{ shape: number[] }> = {
  /** [N, C, H, W] → [N, C]: the mean of each plane; the backward spreads dy/(H·W) over it. */
  forward([x]) {
    const [n, c, h, w] = x.shape;
    const hw = h * w;
    const y = new Float32Array(n * c);
    for (let i = 0; i < n * c; i++) {
      let sum = 0;
      for (let idx = i * hw, end = idx + hw; idx < end; idx++) sum += x.data[idx];
      y[i] = sum / hw;
    }
    return { output: { shape: [n, c], data: y }, cache: { shape: [...x.shape] } };
  },
  backward(dOut, cache) {
    const [n, c, h, w] = cache.shape;
    const hw = h * w;
    const dx = new Float32Array(n * c * hw);
    for (let i = 0; i < n * c; i++) dx.fill(dOut.data[i] / hw, i * hw, (i + 1) * hw);
    return [{ shape: [...cache.shape], data: dx }];
  },
};
