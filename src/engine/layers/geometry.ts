/** Window arithmetic shared by convolutions and pools. */
import {
  LayerError,
  type Fix,
  type Padding,
  type Params,
  type ParamValue,
  type ReceptiveField,
  type Size2,
} from '../types.js';
import { makeFix } from '../fixes.js';
import { msg, type Message } from '../messages.js';

export function pair(v: ParamValue | Size2 | undefined, fallback?: [number, number]): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v)) return [v[0], v[1]];
  if (fallback) return fallback;
  throw new Error(`expected a size, got ${JSON.stringify(v)}`);
}

export function fmtSize([h, w]: [number, number]): string {
  return `${h}×${w}`;
}

/** Padding before and after along one axis. "same" follows ONNX SAME_UPPER: the odd pixel goes at the end. */
export function padAmounts(padding: Padding, size: number, k: number, s: number): [number, number] {
  if (padding === 'valid') return [0, 0];
  if (typeof padding === 'number') return [padding, padding];
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** Output size along one axis: ⌊(in + pb + pe − k) / s⌋ + 1, rounding down (ONNX ceil_mode 0). */
export function outSize(size: number, k: number, s: number, pads: [number, number]): number {
  return Math.floor((size + pads[0] + pads[1] - k) / s) + 1;
}

/** Everything about one sliding window layer, per axis [h, w]. */
export interface Window {
  kernel: [number, number];
  stride: [number, number];
  /** [top, left, bottom, right] in ONNX `pads` order is [padsBegin[0], padsBegin[1], padsEnd[0], padsEnd[1]]. */
  padsBegin: [number, number];
  padsEnd: [number, number];
  out: [number, number];
}

export function windowOf(
  inH: number,
  inW: number,
  kernel: [number, number],
  stride: [number, number],
  padding: Padding,
): Window {
  const ph = padAmounts(padding, inH, kernel[0], stride[0]);
  const pw = padAmounts(padding, inW, kernel[1], stride[1]);
  return {
    kernel,
    stride,
    padsBegin: [ph[0], pw[0]],
    padsEnd: [ph[1], pw[1]],
    out: [outSize(inH, kernel[0], stride[0], ph), outSize(inW, kernel[1], stride[1], pw)],
  };
}

/** ONNX `pads` attribute: [x1_begin, x2_begin, x1_end, x2_end]. */
export function onnxPads(w: Window): number[] {
  return [w.padsBegin[0], w.padsBegin[1], w.padsEnd[0], w.padsEnd[1]];
}

export function paddingOf(p: Params): Padding {
  const v = p.padding;
  return v === 'same' || v === 'valid' ? v : typeof v === 'number' ? v : 'valid';
}

/** A summary's padding part: "same", "valid" or "pad 2". */
export function paddingPart(padding: Padding): Message {
  return typeof padding === 'number' ? msg('summary.padPixels', { pad: padding }) : msg('summary.padding', { padding });
}

/** A summary's stride part, when the stride is not `unless` ([1, 1] for convolutions, the window for pools). */
export function stridePart(stride: [number, number], unless: [number, number]): Message[] {
  if (stride[0] === unless[0] && stride[1] === unless[1]) return [];
  return [msg('summary.stride', { stride: stride[0] === stride[1] ? String(stride[0]) : fmtSize(stride) })];
}

/**
 * Validates a feature-map input and slides a window over it; throws a LayerError naming the node when the
 * window no longer fits.
 */
export function slide(
  kind: string,
  id: string,
  inputs: number[][],
  kernel: [number, number],
  stride: [number, number],
  padding: Padding,
  what: 'kernel' | 'window',
): Window {
  const x = inputs[0];
  if (x.length !== 3) throw new LayerError(msg('needsFeatureMap', { kind, id, shape: `[${x.join(', ')}]` }));
  const [, h, w] = x;
  const win = windowOf(h, w, kernel, stride, padding);
  if (win.out[0] < 1 || win.out[1] < 1) {
    const fixes: Fix[] = [];
    if (padding !== 'same') fixes.push(makeFix({ type: 'setParams', nodeId: id, params: { padding: 'same' } }));
    const smaller: [number, number] = [Math.min(kernel[0], h), Math.min(kernel[1], w)];
    if (typeof padding !== 'number') {
      const size = smaller[0] === smaller[1] ? smaller[0] : smaller;
      const params = { [what === 'kernel' ? 'kernelSize' : 'poolSize']: size };
      fixes.push(makeFix({ type: 'setParams', nodeId: id, params }));
    }
    const args = { kind, id, size: fmtSize(kernel), h, w };
    const padded = typeof padding === 'number' && padding > 0;
    throw new LayerError(
      what === 'kernel'
        ? padded
          ? msg('kernelTooLargePadded', { ...args, pad: padding })
          : msg('kernelTooLarge', args)
        : padded
          ? msg('windowTooLargePadded', { ...args, pad: padding })
          : msg('windowTooLarge', args),
      fixes,
    );
  }
  return win;
}

/** Receptive field through a window layer: size grows by (k − 1)·jump, jump multiplies by the stride. */
export function slideField(
  rf: ReceptiveField | null,
  kernel: [number, number],
  stride: [number, number],
): ReceptiveField | null {
  if (!rf) return null;
  return {
    size: [rf.size[0] + (kernel[0] - 1) * rf.jump[0], rf.size[1] + (kernel[1] - 1) * rf.jump[1]],
    jump: [rf.jump[0] * stride[0], rf.jump[1] * stride[1]],
  };
}

/**
 * For every output row and column, the span of input pixels its window covers inside the image, as pairs
 * [start, end): rows[2·oy], rows[2·oy + 1], likewise cols. Padding lies outside these spans, so pools that never
 * let padding win or count read only them.
 */
export function windowSpans(win: Window, h: number, w: number): { rows: Int32Array; cols: Int32Array } {
  const spans = (out: number, s: number, pad: number, k: number, size: number) => {
    const a = new Int32Array(2 * out);
    for (let o = 0; o < out; o++) {
      a[2 * o] = Math.max(0, o * s - pad);
      a[2 * o + 1] = Math.min(size, o * s - pad + k);
    }
    return a;
  };
  return {
    rows: spans(win.out[0], win.stride[0], win.padsBegin[0], win.kernel[0], h),
    cols: spans(win.out[1], win.stride[1], win.padsBegin[1], win.kernel[1], w),
  };
}
