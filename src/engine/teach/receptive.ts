/**
 * Which input pixels one unit of a layer sees. Walks the graph back from the node: a window layer (conv,
 * locally-connected, pool) maps output rows [a, b] to input rows [a·s − p_begin, b·s − p_begin + k − 1];
 * element-wise layers pass the range through; a merge takes the union of its inputs' regions. Unclipped, the
 * region's size equals the engine's receptive-field figure (size += (k − 1)·jump, jump ·= s; analyze.ts) on
 * chains; the result also carries the region clipped to the image, which is what the view highlights.
 */
import { inputsOf, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { pair, paddingOf, windowOf } from '../layers/geometry.js';
import { getLayer } from '../registry.js';

export interface Region {
  /** Top-left in input pixels (may be negative: the padding). */
  y: number;
  x: number;
  height: number;
  width: number;
}

export interface ReceptiveRegion {
  /** The full region, padding included; height × width equals the engine's receptive-field size. */
  region: Region;
  /** The same region clipped to the input image. */
  clipped: Region;
  /** False when the unit sees the whole image (after flatten / dense / global pooling). */
  local: boolean;
}

type Range = [number, number, number, number]; // y0, y1, x0, x1 inclusive

/** Kinds that slide a window over their input: the ones with a kernel or pool size (from the registry). */
const isWindowKind = (kind: string) =>
  getLayer(kind)?.params.some((p) => p.name === 'kernelSize' || p.name === 'poolSize') ?? false;

function windowOfNode(kind: string, params: Record<string, unknown>, inH: number, inW: number) {
  const p = params as Parameters<typeof paddingOf>[0];
  if (kind === 'maxPool2d' || kind === 'avgPool2d') {
    const k = pair(p.poolSize, [2, 2]);
    return windowOf(inH, inW, k, pair(p.stride, k), paddingOf(p));
  }
  return windowOf(inH, inW, pair(p.kernelSize), pair(p.stride, [1, 1]), paddingOf(p));
}

/**
 * The input region seen by unit (y, x) of node `nodeId`'s output. Needs an analysis of the same document
 * (for the input shapes); returns null when the node has no feature-map output or is not connected to the input.
 */
export function receptiveRegion(
  doc: GraphDocument,
  analysis: Analysis,
  nodeId: string,
  y: number,
  x: number,
): ReceptiveRegion | null {
  const inputId = analysis.inputId;
  const info = analysis.nodes[nodeId];
  if (!inputId || !info?.connected || !info.outputShape) return null;
  const inShape = analysis.nodes[inputId].outputShape;
  if (!inShape || inShape.length !== 3) return null;
  const [, H, W] = inShape;
  const whole: ReceptiveRegion = {
    region: { y: 0, x: 0, height: H, width: W },
    clipped: { y: 0, x: 0, height: H, width: W },
    local: false,
  };
  if (info.outputShape.length !== 3) return whole;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));

  const back = (id: string, r: Range): Range | null => {
    if (id === inputId) return r;
    const node = byId.get(id);
    const ni = analysis.nodes[id];
    if (!node || !ni?.outputShape) return null;
    if (ni.outputShape.length !== 3) return null; // flat: sees everything
    const sources = inputsOf(doc, id);
    if (isWindowKind(node.kind)) {
      const [, inH, inW] = ni.inputShapes[0];
      const w = windowOfNode(node.kind, node.params, inH, inW);
      const next: Range = [
        r[0] * w.stride[0] - w.padsBegin[0],
        r[1] * w.stride[0] - w.padsBegin[0] + w.kernel[0] - 1,
        r[2] * w.stride[1] - w.padsBegin[1],
        r[3] * w.stride[1] - w.padsBegin[1] + w.kernel[1] - 1,
      ];
      return back(sources[0], next);
    }
    let union: Range | null = null;
    for (const s of sources) {
      const got = back(s, r);
      if (!got) return null;
      union = union
        ? [
            Math.min(union[0], got[0]),
            Math.max(union[1], got[1]),
            Math.min(union[2], got[2]),
            Math.max(union[3], got[3]),
          ]
        : got;
    }
    return union;
  };

  const r = back(nodeId, [y, y, x, x]);
  if (!r) return whole;
  const region = { y: r[0], x: r[2], height: r[1] - r[0] + 1, width: r[3] - r[2] + 1 };
  const cy0 = Math.max(r[0], 0);
  const cx0 = Math.max(r[2], 0);
  const cy1 = Math.min(r[1], H - 1);
  const cx1 = Math.min(r[3], W - 1);
  return {
    region,
    clipped: { y: cy0, x: cx0, height: Math.max(cy1 - cy0 + 1, 0), width: Math.max(cx1 - cx0 + 1, 0) },
    local: true,
  };
}
