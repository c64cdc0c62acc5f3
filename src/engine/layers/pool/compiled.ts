/**
 * Pools in the compiled graph.
 *
 * A maxPool2d right after a layer with a fused relu (and nothing else reading that layer) is compiled as
 * relu(maxpool(z)) (kinds.ts, LayerCtx.fusedRelu): the relu and its derivative then run on the pooled map, a
 * quarter of the size for 2×2 pools.
 *
 * maxPool2d backward routes each output's gradient to the one input that won its window. The engine's rule:
 * the first maximum in row-major window order wins (a later equal value does not replace it), padding never
 * wins. Three routes (CompileOptions.maxPoolRoute):
 *   - 'mask' (the default), for windows that tile the map (stride = pool size): "input equals the upsampled
 *     max", then a tie-break. Upsampling is Resize (nearest, asymmetric, floor), which stays in NCHW: 6-D
 *     Reshape/Expand forms broadcast over a size-1 innermost axis and measured 20× slower. Ties (common: blank
 *     MNIST regions give equal activations) are broken by a second MaxPool over a constant rank map (see
 *     below). It needs no MaxUnpool, which CUDA lacks, so GPUs take it;
 *   - 'unpool', for tiling windows too: the same "equals the upsampled max", then each maximum gets a key that
 *     falls with its offset in the window; a MaxPool over the keys finds the first maximum and its key gives
 *     the winner's flat index, where MaxUnpool writes dY. Exact like 'mask' with three fewer full-size passes
 *     (two Resizes and an Equal): for LeNet's first pool, forward and backward, 0.64 against 0.78 ms on one
 *     thread (the inexact untie-broken mask 0.49, indices 1.43). The CPU default on one thread (runtime.ts);
 *   - 'indices': MaxPool's Indices output — onnxruntime's kernel keeps the first maximum (`if (x > max)`), the
 *     engine's rule — and MaxUnpool, which puts each gradient at its winner. MaxPool with Indices is a generic
 *     kernel (1.3 ms in a whole LeNet step against 0.09 ms for the plain one), but it parallelises: the CPU
 *     default with several threads.
 *   Windows that overlap or leave gaps always take indices: overlapping ones scatter-add (ScatterElements,
 *   reduction "add") into the flattened input, gapped ones use MaxUnpool.
 * avgPool2d backward: ConvTranspose with group = C over a constant kernel spreads each output's gradient over
 * its window; padding never counts (count_include_pad 0), so each output's gradient is first divided by how many
 * real pixels its window covers (a constant map; kh·kw everywhere without padding, folded into the kernel).
 * globalAvgPool2d backward: dX = dY / (H·W) broadcast over H × W.
 */
import { onnxPads, pair, paddingOf, windowOf, windowSpans, type Window } from '../geometry.js';
import { DataType } from '../../onnx/values.js';
import { outputPadding } from '../conv2d/compiled.js';
import type { Emitter } from '../../compile/emit.js';
import { activationBackward } from '../../compile/activations.js';
import type { Forward, KindEmitter, LayerCtx } from '../../compile/kinds.js';

function poolWindowOf(c: LayerCtx): Window {
  const [, h, w] = c.info.inputShapes[0];
  const k = pair(c.params.poolSize, [2, 2]);
  return windowOf(h, w, k, pair(c.params.stride, k), paddingOf(c.params));
}

const tiles = (win: Window) => win.stride[0] === win.kernel[0] && win.stride[1] === win.kernel[1];

const poolAttrs = (win: Window) => ({ kernel_shape: [...win.kernel], strides: [...win.stride], pads: onnxPads(win) });

/**
 * Rows (or columns) of the input that the tiled windows cover, in input coordinates: windows start at −pb and
 * cover out·k pixels. Returns how much to pad before/after (≥ 0) and to cut before/after (≥ 0) to turn the input
 * into exactly the covered region, and back.
 */
function coverage(size: number, padBegin: number, out: number, k: number) {
  const end = -padBegin + out * k; // one past the last covered index
  return { padBefore: padBegin, padAfter: Math.max(end - size, 0), cutAfter: Math.max(size - end, 0) };
}

/** Nearest-neighbour upsampling by whole factors: each value fills its k × k block (floor(x / k) → x). */
function upsample(e: Emitter, v: string, kh: number, kw: number, out: string): string {
  const scales = e.floats(`${out}/scales`, [4], new Float32Array([1, 1, kh, kw]));
  return e.op('Resize', [v, '', scales], out, {
    mode: 'nearest',
    coordinate_transformation_mode: 'asymmetric',
    nearest_mode: 'floor',
  });
}

function maxPoolMaskBackward(
  e: Emitter,
  id: string,
  x: string,
  y: string,
  dy: string,
  win: Window,
  h: number,
  w: number,
  ch: number,
  scatter: boolean,
): string {
  const [kh, kw] = win.kernel;
  const [oh, ow] = win.out;
  const rows = coverage(h, win.padsBegin[0], oh, kh);
  const cols = coverage(w, win.padsBegin[1], ow, kw);
  // The input over exactly the covered region: drop uncovered trailing pixels, pad with −∞ (never wins).
  let xc = x;
  if (rows.cutAfter || cols.cutAfter)
    xc = e.slice(x, [0, 0], [h - rows.cutAfter, w - cols.cutAfter], [2, 3], `${id}/xcut`);
  const padded = rows.padBefore || rows.padAfter || cols.padBefore || cols.padAfter;
  if (padded) {
    const pads = e.ints([0, 0, rows.padBefore, cols.padBefore, 0, 0, rows.padAfter, cols.padAfter]);
    xc = e.op('Pad', [xc, pads, e.scalar(-Infinity)], `${id}/xpad`, { mode: 'constant' });
  }
  let first = e.op('Equal', [xc, upsample(e, y, kh, kw, `${id}/yup`)], `${id}/ismax`);
  let dx: string;
  if (scatter) {
    // Tie-break and routing in one: each maximum gets the key kh·Wc − (its offset in the window), Wc the covered
    // width, so the first maximum has the largest key and MaxPool finds it; kh·Wc − best is then the winner's
    // offset from its window's corner, which gives its flat index, and MaxUnpool writes each dY there.
    const [hc, wc] = [oh * kh, ow * kw];
    const key = new Float32Array(hc * wc);
    for (let r = 0; r < hc; r++) for (let q = 0; q < wc; q++) key[r * wc + q] = kh * wc - ((r % kh) * wc + (q % kw));
    const keyed = e.op('Where', [first, e.floats(`${id}/key`, [1, 1, hc, wc], key), e.scalar(0)], `${id}/keyed`);
    const best = e.op(
      'Cast',
      [e.op('MaxPool', [keyed], `${id}/bestkey`, { kernel_shape: [kh, kw], strides: [kh, kw] })],
      `${id}/bestkeyi`,
      { to: DataType.INT64 },
    );
    // Each window's corner as a flat index within its sample: a channel part and a position part, broadcast.
    const channelStart = Array.from({ length: ch }, (_, c) => c * hc * wc + kh * wc);
    const windowStart: number[] = [];
    for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) windowStart.push(i * kh * wc + j * kw);
    const corner = e.op(
      'Add',
      [e.ints(channelStart, [1, ch, 1, 1]), e.ints(windowStart, [1, 1, oh, ow])],
      `${id}/corner`,
    );
    const xshape = e.op('Shape', [xc], `${id}/xcshape`);
    const n = e.op('Squeeze', [e.op('Slice', [xshape, e.ints([0]), e.ints([1])], `${id}/n1`)], `${id}/n`);
    const sampleStart = e.reshape(
      e.op(
        'Mul',
        [e.op('Range', [e.ints([0], []), n, e.ints([1], [])], `${id}/samples`), e.ints([ch * hc * wc], [])],
        `${id}/sample0`,
      ),
      [-1, 1, 1, 1],
      `${id}/sampleStart`,
    );
    const index = e.op('Add', [e.op('Sub', [corner, best], `${id}/winner`), sampleStart], `${id}/winnerflat`);
    dx = e.op('MaxUnpool', [dy, index, xshape], `${id}/dxc`, { kernel_shape: [kh, kw], strides: [kh, kw] });
  } else {
    if (kh * kw > 1) {
      // Tie-break without leaving the NCHW layout: rank = K − (row-major position in the window), so the first
      // maximum has the highest rank among the window's maxima; MaxPool finds it, and Equal marks that one only
      // (a non-maximum has rank 0, while every window holds at least one maximum of rank ≥ 1).
      const rank = new Float32Array(oh * kh * ow * kw);
      for (let r = 0; r < oh * kh; r++)
        for (let q = 0; q < ow * kw; q++) rank[r * ow * kw + q] = kh * kw - ((r % kh) * kw + (q % kw));
      const ranked = e.op(
        'Where',
        [first, e.floats(`${id}/rank`, [1, 1, oh * kh, ow * kw], rank), e.scalar(0)],
        `${id}/ranked`,
      );
      const best = e.op('MaxPool', [ranked], `${id}/bestrank`, { kernel_shape: [kh, kw], strides: [kh, kw] });
      first = e.op('Equal', [ranked, upsample(e, best, kh, kw, `${id}/bestup`)], `${id}/first`);
    }
    dx = e.op('Where', [first, upsample(e, dy, kh, kw, `${id}/dyup`), e.scalar(0)], `${id}/dxc`);
  }
  if (padded)
    dx = e.slice(
      dx,
      [rows.padBefore, cols.padBefore],
      [rows.padBefore + h - rows.cutAfter, cols.padBefore + w - cols.cutAfter],
      [2, 3],
      `${id}/dxunpad`,
    );
  if (rows.cutAfter || cols.cutAfter) {
    dx = e.op('Pad', [dx, e.ints([0, 0, 0, 0, 0, 0, rows.cutAfter, cols.cutAfter])], `${id}/dx`, { mode: 'constant' });
  }
  return dx;
}

/** Scatter-adds dY into a zero input at MaxPool's flat indices (over the whole [N, C, H, W] tensor). */
function maxPoolIndexBackward(
  e: Emitter,
  id: string,
  x: string,
  indices: string,
  dy: string,
  ch: number,
  h: number,
  w: number,
): string {
  const flatLen = e.reshape(e.op('Size', [x], `${id}/size`), [1], `${id}/size1`);
  const zeros = e.op('ConstantOfShape', [flatLen], `${id}/zeros`, {
    value: { name: 'value', dataType: DataType.FLOAT, dims: [1], rawData: new Uint8Array(4) },
  });
  const idx = e.reshape(indices, [-1], `${id}/idxflat`);
  const upd = e.reshape(dy, [-1], `${id}/dyflat`);
  const dxf = e.op('ScatterElements', [zeros, idx, upd], `${id}/dxflat`, { axis: 0, reduction: 'add' });
  return e.reshape(dxf, [-1, ch, h, w], `${id}/dx`);
}

/** MaxUnpool puts each output's gradient at its window's winner: exact when windows do not overlap. */
function maxUnpoolBackward(e: Emitter, id: string, x: string, indices: string, dy: string, win: Window): string {
  return e.op('MaxUnpool', [dy, indices, e.op('Shape', [x], `${id}/xshape`)], `${id}/dx`, poolAttrs(win));
}

export const maxPoolEmitter: KindEmitter = {
  forward(c, [x]): Forward {
    const e = c.e;
    const win = poolWindowOf(c);
    const relu = c.fusedRelu === true;
    const name = relu ? `${c.id}/pooled` : c.id;
    const useIndices = c.training && (c.options.maxPoolRoute === 'indices' || !tiles(win));
    let pooled: string;
    const saved: Record<string, string> = {};
    if (useIndices) {
      pooled = e.fresh(name);
      saved.indices = e.fresh(`${c.id}/indices`);
      e.opMulti('MaxPool', [x], [pooled, saved.indices], poolAttrs(win));
    } else {
      pooled = e.op('MaxPool', [x], name, poolAttrs(win));
    }
    saved.pooled = pooled;
    // relu(maxpool(z)) = maxpool(relu(z)), with the same winner wherever the gradient is not zero (see kinds.ts).
    return { output: relu ? e.op('Relu', [pooled], c.id) : pooled, saved };
  },
  backward(c, a) {
    if (!a.needDx[0]) return [null];
    const e = c.e;
    const win = poolWindowOf(c);
    const [ch, h, w] = c.info.inputShapes[0];
    const dy = c.fusedRelu ? activationBackward(e, 'relu', a.fwd.output, a.dy, `${c.id}/dpooled`) : a.dy;
    const { indices, pooled } = a.fwd.saved;
    if (indices) {
      const overlap = win.stride[0] < win.kernel[0] || win.stride[1] < win.kernel[1];
      return [
        overlap
          ? maxPoolIndexBackward(e, c.id, a.inputs[0], indices, dy, ch, h, w)
          : maxUnpoolBackward(e, c.id, a.inputs[0], indices, dy, win),
      ];
    }
    return [maxPoolMaskBackward(e, c.id, a.inputs[0], pooled, dy, win, h, w, ch, c.options.maxPoolRoute === 'unpool')];
  },
};

/** How many real (unpadded) pixels each window covers, [oH, oW]. */
function windowCounts(win: Window, h: number, w: number): Float32Array {
  const [oh, ow] = win.out;
  const counts = new Float32Array(oh * ow);
  const { rows, cols } = windowSpans(win, h, w);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) counts[i * ow + j] = (rows[2 * i + 1] - rows[2 * i]) * (cols[2 * j + 1] - cols[2 * j]);
  }
  return counts;
}

export const avgPoolEmitter: KindEmitter = {
  forward(c, [x]) {
    return {
      output: c.e.op('AveragePool', [x], c.id, { ...poolAttrs(poolWindowOf(c)), count_include_pad: 0 }),
      saved: {},
    };
  },
  backward(c, a) {
    if (!a.needDx[0]) return [null];
    const e = c.e;
    const win = poolWindowOf(c);
    const [ch, h, w] = c.info.inputShapes[0];
    const [kh, kw] = win.kernel;
    const counts = windowCounts(win, h, w);
    const uniform = counts.every((v) => v === kh * kw);
    const kernel = new Float32Array(ch * kh * kw).fill(uniform ? 1 / (kh * kw) : 1);
    let dy = a.dy;
    if (!uniform)
      dy = e.mul(
        dy,
        e.floats(
          `${c.id}/invcount`,
          [1, 1, ...win.out],
          counts.map((v) => 1 / v),
        ),
        `${c.id}/dyscaled`,
      );
    const dx = e.op('ConvTranspose', [dy, e.floats(`${c.id}/spread`, [ch, 1, kh, kw], kernel)], `${c.id}/dx`, {
      ...poolAttrs(win),
      output_padding: outputPadding(win, h, w),
      group: ch,
    });
    return [dx];
  },
};

export const globalAvgPoolEmitter: KindEmitter = {
  forward(c, [x]) {
    const pooled = c.e.op('GlobalAveragePool', [x], `${c.id}/pooled`);
    return { output: c.e.op('Flatten', [pooled], c.id, { axis: 1 }), saved: {} };
  },
  backward(c, a) {
    if (!a.needDx[0]) return [null];
    const e = c.e;
    const [ch, h, w] = c.info.inputShapes[0];
    const dy4 = e.reshape(e.scale(a.dy, 1 / (h * w), `${c.id}/dymean`), [-1, ch, 1, 1], `${c.id}/dy4`);
    return [e.op('Expand', [dy4, e.op('Shape', [a.inputs[0]], `${c.id}/xshape`)], `${c.id}/dx`)];
  },
};
