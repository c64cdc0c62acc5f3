/**
 * Convolution vs locally connected vs dense, for the same input and output: the cost of weight sharing and of
 * locality. For F filters of kh×kw on a C×H×W input giving F×oh×ow:
 *   conv:              weights kh·kw·C·F,            biases F,        MACs oh·ow·kh·kw·C·F
 *   locally connected: weights oh·ow·kh·kw·C·F,      biases F·oh·ow,  MACs oh·ow·kh·kw·C·F
 *   dense:             weights C·H·W·F·oh·ow,        biases F·oh·ow,  MACs C·H·W·F·oh·ow
 * The classic example (five 3×3 filters, 32×32 grey image, "same" padding): 45 vs 46,080 weights.
 */
import type { Analysis } from './analyze.js';
import type { GraphDocument } from './document.js';
import { fmtInt } from './format.js';
import { pair, paddingOf, windowOf } from './layers/geometry.js';
import type { Padding, Shape } from './types.js';

export interface CompareInput {
  input: Shape;
  filters: number;
  kernel: [number, number];
  stride?: [number, number];
  padding?: Padding;
  useBias?: boolean;
}

export interface CompareRow {
  kind: 'conv2d' | 'locallyConnected2d' | 'dense';
  weights: number;
  biases: number;
  macs: number;
  /** Weights, then biases, in the layer's own numbers. */
  formula: string;
}

export interface Comparison {
  input: Shape;
  output: Shape;
  rows: CompareRow[];
}

export function compareLayers(c: CompareInput): Comparison {
  const [ch, h, w] = c.input;
  const [kh, kw] = c.kernel;
  const f = c.filters;
  const win = windowOf(h, w, c.kernel, c.stride ?? [1, 1], c.padding ?? 'valid');
  const [oh, ow] = win.out;
  const b = c.useBias === false ? 0 : 1;
  const n = fmtInt;
  const biasText = (count: number, text: string) => (!b ? '' : text === String(count) ? ` + ${n(count)} biases` : ` + ${text} = ${n(count)} biases`);
  const convW = kh * kw * ch * f;
  const lcW = oh * ow * convW;
  const denseW = ch * h * w * f * oh * ow;
  const macs = oh * ow * kh * kw * ch * f;
  return {
    input: [...c.input],
    output: [f, oh, ow],
    rows: [
      { kind: 'conv2d', weights: convW, biases: b * f, macs, formula: `${kh}·${kw}·${ch}·${f} = ${n(convW)} weights${biasText(f, `${f}`)}` },
      {
        kind: 'locallyConnected2d',
        weights: lcW,
        biases: b * f * oh * ow,
        macs,
        formula: `${oh}·${ow}·${kh}·${kw}·${ch}·${f} = ${n(lcW)} weights${biasText(f * oh * ow, `${f}·${oh}·${ow}`)}`,
      },
      {
        kind: 'dense',
        weights: denseW,
        biases: b * f * oh * ow,
        macs: denseW,
        formula: `(${ch}·${h}·${w})·(${f}·${oh}·${ow}) = ${n(denseW)} weights${biasText(f * oh * ow, `${f}·${oh}·${ow}`)}`,
      },
    ],
  };
}

/** The comparison for a conv2d or locallyConnected2d node with a known input shape; null otherwise. */
export function compareNode(doc: GraphDocument, analysis: Analysis, id: string): Comparison | null {
  const node = doc.nodes.find((x) => x.id === id);
  const info = analysis.nodes[id];
  if (!node || !info || (node.kind !== 'conv2d' && node.kind !== 'locallyConnected2d')) return null;
  const x = info.inputShapes[0];
  if (!x || x.length !== 3 || !info.outputShape) return null;
  return compareLayers({
    input: x,
    filters: node.params.filters as number,
    kernel: pair(node.params.kernelSize),
    stride: pair(node.params.stride, [1, 1]),
    padding: paddingOf(node.params),
    useBias: node.params.useBias !== false,
  });
}
