/**
 * Convolution vs locally connected vs dense vs depthwise separable, for the same input and output: the cost of
 * weight sharing and of locality. The counts are the layers' own (layers/formulas.ts); for F filters of kh×kw on
 * a C×H×W input giving F×oh×ow:
 *   conv:                weights kh·kw·C·F,          biases F,        MACs oh·ow·kh·kw·C·F
 *   locally connected:   weights oh·ow·kh·kw·C·F,    biases F·oh·ow,  MACs oh·ow·kh·kw·C·F
 *   dense:               weights (C·H·W)·(F·oh·ow),  biases F·oh·ow,  MACs (C·H·W)·(F·oh·ow)
 *   depthwise separable: a depthwise kh×kw (kh·kw·C weights, C biases) then a 1×1 conv C → F (C·F, F):
 *                        weights kh·kw·C + C·F,      biases C + F,    MACs oh·ow·kh·kw·C + oh·ow·C·F
 * The classic example (five 3×3 filters, 32×32 grey image, "same" padding): 45 vs 46,080 weights; and MobileNet's
 * point (Howard et al. 2017, §3.1): a 3×3 depthwise separable layer costs 9·C + C·F against 9·C·F.
 */
import type { Analysis } from './analyze.js';
import type { GraphDocument } from './document.js';
import { fmtInt } from './format.js';
import { english, msg, type Message } from './messages.js';
import {
  convCounts,
  denseCounts,
  depthwiseCounts,
  locallyConnectedCounts,
  product,
  type Counts,
  type Term,
} from './layers/formulas.js';
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
  kind: 'conv2d' | 'locallyConnected2d' | 'dense' | 'depthwiseSeparable';
  weights: number;
  biases: number;
  macs: number;
  /** Weights, then biases, in the layer's own numbers: the English of `text`. */
  formula: string;
  text: Message;
}

export interface Comparison {
  input: Shape;
  output: Shape;
  rows: CompareRow[];
}

/** Two layers one after the other: their terms summed, "9·3 + 3·5". */
const sum = (a: Term, b: Term): Term => ({ value: a.value + b.value, text: `${a.text} + ${b.text}` });

/** The kinds a comparison is offered for: the layers with F filters of kh×kw. */
const COMPARED = new Set(['conv2d', 'locallyConnected2d', 'depthwiseConv2d']);

export function compareLayers(c: CompareInput): Comparison {
  const [ch, h, w] = c.input;
  const f = c.filters;
  const win = windowOf(h, w, c.kernel, c.stride ?? [1, 1], c.padding ?? 'valid');
  const [oh, ow] = win.out;
  const g = { c: ch, kh: c.kernel[0], kw: c.kernel[1], oh, ow };
  const bias = c.useBias !== false;
  const n = fmtInt;
  const row = (kind: CompareRow['kind'], k: Counts): CompareRow => {
    const w = { expr: k.weights.text, weights: n(k.weights.value) };
    const text = !bias
      ? msg('formula.weights', w)
      : k.biases.text === String(k.biases.value)
        ? msg('formula.weightsBiases', { ...w, biases: n(k.biases.value) })
        : msg('formula.weightsBiasTerms', { ...w, biasExpr: k.biases.text, biases: n(k.biases.value) });
    return {
      kind,
      weights: k.weights.value,
      biases: bias ? k.biases.value : 0,
      macs: k.macs.value,
      formula: english(text),
      text,
    };
  };
  const depthwise = depthwiseCounts(g, 1);
  const pointwise = convCounts({ c: ch, kh: 1, kw: 1, oh, ow }, f);
  const separable: Counts = {
    weights: sum(depthwise.weights, pointwise.weights),
    biases: sum(depthwise.biases, pointwise.biases),
    macs: sum(depthwise.macs, pointwise.macs),
  };
  return {
    input: [...c.input],
    output: [f, oh, ow],
    rows: [
      row('conv2d', convCounts(g, f)),
      row('locallyConnected2d', locallyConnectedCounts(g, f)),
      row('dense', denseCounts(product(ch, h, w), product(f, oh, ow))),
      row('depthwiseSeparable', separable),
    ],
  };
}

/**
 * The comparison for a conv2d, locallyConnected2d or depthwiseConv2d node with a known input shape (a depthwise
 * node compares its own C·M outputs); null otherwise.
 */
export function compareNode(doc: GraphDocument, analysis: Analysis, id: string): Comparison | null {
  const node = doc.nodes.find((x) => x.id === id);
  const info = analysis.nodes[id];
  if (!node || !info || !COMPARED.has(node.kind)) return null;
  const x = info.inputShapes[0];
  if (!x || x.length !== 3 || !info.outputShape) return null;
  return compareLayers({
    input: x,
    filters: info.outputShape[0],
    kernel: pair(node.params.kernelSize),
    stride: pair(node.params.stride, [1, 1]),
    padding: paddingOf(node.params),
    useBias: node.params.useBias !== false,
  });
}
