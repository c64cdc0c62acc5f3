/**
 * The counts of the weight-bearing kinds, written once with their text: the layers' `macs`, explain.ts (the
 * inspector's formulas, `convas summary`) and compare.ts (the conv / locally-connected / dense card) all read
 * them. For F filters (or C·M for a depthwise layer) of kh×kw on a C×H×W input giving oh×ow positions:
 *   conv2d              weights kh·kw·C·F        biases F          MACs oh·ow·kh·kw·C·F
 *   locallyConnected2d  weights oh·ow·kh·kw·C·F  biases F·oh·ow    MACs oh·ow·kh·kw·C·F
 *   depthwiseConv2d     weights kh·kw·C·M        biases C·M        MACs oh·ow·kh·kw·C·M
 *   dense               weights in·units         biases units      MACs in·units
 * And the window and receptive-field text explain.ts writes:
 *   out = ⌊(in + pad_begin + pad_end − k) / s⌋ + 1 (ONNX Conv/MaxPool, ceil_mode 0);
 *   r_out = r_in + (k − 1)·j_in, j_out = j_in·s (Araujo et al., "Computing receptive fields of CNNs", Distill 2019).
 */
import { fmtInt } from '../format.js';
import { msg, type Message } from '../messages.js';
import type { Params, ReceptiveField, Shape } from '../types.js';
import { padAmounts, paddingOf } from './geometry.js';

/** A product with its factors written out: value 150, text "5·5·6". */
export interface Term {
  value: number;
  text: string;
}

export interface Counts {
  weights: Term;
  biases: Term;
  macs: Term;
}

/** The product of `factors`, each a number or a term (a term of several factors is parenthesised). */
export function product(...factors: (number | Term)[]): Term {
  let value = 1;
  const parts: string[] = [];
  for (const f of factors) {
    if (typeof f === 'number') {
      value *= f;
      parts.push(String(f));
    } else {
      value *= f.value;
      parts.push(f.text.includes('·') && factors.length > 1 ? `(${f.text})` : f.text);
    }
  }
  return { value, text: parts.join('·') };
}

/** Geometry of a sliding-kernel layer: C input channels, a kh×kw kernel, oh×ow output positions. */
export interface SlidingGeometry {
  c: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
}

export function convCounts(g: SlidingGeometry, f: number): Counts {
  return { weights: product(g.kh, g.kw, g.c, f), biases: product(f), macs: product(g.oh, g.ow, g.kh, g.kw, g.c, f) };
}

export function locallyConnectedCounts(g: SlidingGeometry, f: number): Counts {
  const macs = product(g.oh, g.ow, g.kh, g.kw, g.c, f);
  return { weights: macs, biases: product(f, g.oh, g.ow), macs };
}

/** One kh×kw kernel per input channel and multiplier: C·M output channels, each reading its own channel. */
export function depthwiseCounts(g: SlidingGeometry, m: number): Counts {
  return {
    weights: product(g.kh, g.kw, g.c, m),
    biases: product(g.c, m),
    macs: product(g.oh, g.ow, g.kh, g.kw, g.c, m),
  };
}

export function denseCounts(inputs: number | Term, units: number | Term): Counts {
  const w = product(inputs, units);
  return { weights: w, biases: product(units), macs: w };
}

/** The geometry of a sliding-kernel node from its input [C, H, W], output [F, oh, ow] and kernel size. */
export function slidingGeometry(input: Shape, out: Shape, kernel: [number, number]): SlidingGeometry {
  return { c: input[0], kh: kernel[0], kw: kernel[1], oh: out[1], ow: out[2] };
}

const n = fmtInt;

/** "params = 5·5·1·6 + 6 = 156"; the bias term only when the layer has biases. */
export function paramsLine(c: Counts, useBias: boolean): Message {
  const total = c.weights.value + (useBias ? c.biases.value : 0);
  return msg('formula.params', { expr: `${c.weights.text}${useBias ? ` + ${c.biases.text}` : ''}`, total: n(total) });
}

export function macsLine(c: Counts): Message {
  return msg('formula.macs', { expr: c.macs.text, total: n(c.macs.value) });
}

/** One axis of a sliding window: "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28". */
function windowAxis(size: number, k: number, s: number, pads: [number, number]): string {
  const padText = pads[0] === pads[1] ? `2·${pads[0]}` : `${pads[0]} + ${pads[1]}`;
  const out = Math.floor((size + pads[0] + pads[1] - k) / s) + 1;
  return `⌊(${size} + ${padText} − ${k})/${s}⌋ + 1 = ${out}`;
}

/** The output size of a window over [C, H, W]: one line, or one per axis when they differ. */
export function windowLines(input: Shape, kernel: [number, number], stride: [number, number], p: Params): Message[] {
  const padding = paddingOf(p);
  const h = windowAxis(input[1], kernel[0], stride[0], padAmounts(padding, input[1], kernel[0], stride[0]));
  const w = windowAxis(input[2], kernel[1], stride[1], padAmounts(padding, input[2], kernel[1], stride[1]));
  return h === w
    ? [msg('formula.out', { expr: h })]
    : [msg('formula.outH', { expr: h }), msg('formula.outW', { expr: w })];
}

/** "receptive field = 1 + (5 − 1)·1 = 5"; undefined after a flat output. */
export function fieldLine(prev: ReceptiveField | null, kernel: [number, number]): Message | undefined {
  if (!prev) return undefined;
  const axis = (i: 0 | 1) =>
    `${prev.size[i]} + (${kernel[i]} − 1)·${prev.jump[i]} = ${prev.size[i] + (kernel[i] - 1) * prev.jump[i]}`;
  const h = axis(0);
  const w = axis(1);
  return h === w ? msg('formula.field', { expr: h }) : msg('formula.fieldHW', { h, w });
}
