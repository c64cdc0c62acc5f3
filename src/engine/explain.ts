/**
 * The formulas behind a node's numbers, written out with the node's own values, for the inspector and the CLI:
 *   params = 5·5·1·6 + 6 = 156
 *   out = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28
 *   receptive field = 1 + (5 − 1)·1 = 5
 * Output size: ⌊(in + pad_begin + pad_end − k) / s⌋ + 1 (ONNX Conv/MaxPool, ceil_mode 0). Receptive field:
 * r_out = r_in + (k − 1)·j_in, j_out = j_in·s (Araujo et al., "Computing receptive fields of CNNs", Distill 2019).
 */
import type { Analysis } from './analyze.js';
import type { GraphDocument } from './document.js';
import { fmtInt } from './format.js';
import { pair, padAmounts, paddingOf } from './layers/geometry.js';
import type { Params, Shape } from './types.js';

export interface Explanation {
  /** e.g. "params = 5·5·1·6 + 6 = 156"; absent for layers without trainable tensors. */
  params?: string;
  /** Output size, one line per axis when height and width differ. */
  out: string[];
  macs?: string;
  /** e.g. "receptive field = 1 + (5 − 1)·1 = 5"; absent for flat outputs. */
  receptiveField?: string;
}

const n = fmtInt;

/** One axis of a sliding window: "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28". */
function windowAxis(size: number, k: number, s: number, pads: [number, number]): string {
  const padText = pads[0] === pads[1] ? `2·${pads[0]}` : `${pads[0]} + ${pads[1]}`;
  const out = Math.floor((size + pads[0] + pads[1] - k) / s) + 1;
  return `⌊(${size} + ${padText} − ${k})/${s}⌋ + 1 = ${out}`;
}

function windowLines(input: Shape, kernel: [number, number], stride: [number, number], p: Params): string[] {
  const padding = paddingOf(p);
  const h = windowAxis(input[1], kernel[0], stride[0], padAmounts(padding, input[1], kernel[0], stride[0]));
  const w = windowAxis(input[2], kernel[1], stride[1], padAmounts(padding, input[2], kernel[1], stride[1]));
  return h === w ? [`out = ${h}`] : [`out H = ${h}`, `out W = ${w}`];
}

function fieldLine(prev: { size: [number, number]; jump: [number, number] } | null, kernel: [number, number]): string | undefined {
  if (!prev) return undefined;
  const axis = (i: 0 | 1) => `${prev.size[i]} + (${kernel[i]} − 1)·${prev.jump[i]} = ${prev.size[i] + (kernel[i] - 1) * prev.jump[i]}`;
  const h = axis(0);
  const w = axis(1);
  return h === w ? `receptive field = ${h}` : `receptive field H = ${h}; W = ${w}`;
}

/** Explains the node `id` of `doc`, using `analysis` (analyze(doc)); null when the node has no output shape. */
export function explainNode(doc: GraphDocument, analysis: Analysis, id: string): Explanation | null {
  const node = doc.nodes.find((x) => x.id === id);
  const info = analysis.nodes[id];
  if (!node || !info || !info.outputShape) return null;
  const p = node.params;
  const out = info.outputShape;
  const x = info.inputShapes[0];
  const bias = p.useBias !== false;
  const src = doc.edges.find((e) => e.target === id)?.source;
  const prevField = src ? (analysis.nodes[src]?.receptiveField ?? null) : null;
  switch (node.kind) {
    case 'input':
      return { out: [`out = ${out.join('×')}`], receptiveField: 'receptive field = 1' };
    case 'conv2d': {
      const [kh, kw] = pair(p.kernelSize);
      const [c] = x;
      const f = out[0];
      return {
        params: `params = ${kh}·${kw}·${c}·${f}${bias ? ` + ${f}` : ''} = ${n(info.params)}`,
        out: windowLines(x, [kh, kw], pair(p.stride, [1, 1]), p),
        macs: `MACs = ${out[1]}·${out[2]}·${kh}·${kw}·${c}·${f} = ${n(info.macs)}`,
        receptiveField: fieldLine(prevField, [kh, kw]),
      };
    }
    case 'locallyConnected2d': {
      const [kh, kw] = pair(p.kernelSize);
      const [c] = x;
      const [f, oh, ow] = out;
      return {
        params: `params = ${oh}·${ow}·${kh}·${kw}·${c}·${f}${bias ? ` + ${f}·${oh}·${ow}` : ''} = ${n(info.params)}`,
        out: windowLines(x, [kh, kw], pair(p.stride, [1, 1]), p),
        macs: `MACs = ${oh}·${ow}·${kh}·${kw}·${c}·${f} = ${n(info.macs)}`,
        receptiveField: fieldLine(prevField, [kh, kw]),
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const k = pair(p.poolSize, [2, 2]);
      return { out: windowLines(x, k, pair(p.stride, k), p), receptiveField: fieldLine(prevField, k) };
    }
    case 'dense': {
      const u = out[0];
      return {
        params: `params = ${x[0]}·${u}${bias ? ` + ${u}` : ''} = ${n(info.params)}`,
        out: [`out = ${u}`],
        macs: `MACs = ${x[0]}·${u} = ${n(info.macs)}`,
      };
    }
    case 'flatten':
      return { out: [`out = ${x.join('·')} = ${n(out[0])}`] };
    case 'globalAvgPool2d':
      return { out: [`out = ${out[0]} (one mean per channel)`] };
    case 'batchNorm': {
      const c = out[0];
      return { params: `params = 2·${c} = ${n(info.params)} (γ, β; running mean and variance are not trained)`, out: [`out = ${out.join('×')}`] };
    }
    case 'concat':
      return { out: [`out = ${info.inputShapes.map((s) => s[0]).join(' + ')} = ${out[0]} channels`] };
    default:
      return { out: [`out = ${out.join('×')}`] };
  }
}
