/**
 * The formulas behind a node's numbers, written out with the node's own values, for the inspector and the CLI:
 *   params = 5·5·1·6 + 6 = 156
 *   out = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28
 *   receptive field = 1 + (5 − 1)·1 = 5
 * Each kind writes its own (its `explain` facet, with the formulas of layers/formulas.ts); a kind without one
 * shows its output shape.
 */
import type { Analysis } from './analyze.js';
import type { GraphDocument } from './document.js';
import type { Explanation } from './layers/kind.js';
import { english, msg, type Message } from './messages.js';
import { getLayer } from './registry.js';

export type { Explanation };

/** The node `id`'s formula lines as coded messages (the app renders them), using `analysis` (analyze(doc)). */
export function explainMessages(doc: GraphDocument, analysis: Analysis, id: string): Explanation | null {
  const node = doc.nodes.find((x) => x.id === id);
  const info = analysis.nodes[id];
  if (!node || !info || !info.outputShape) return null;
  const src = doc.edges.find((e) => e.target === id)?.source;
  const inputField = src ? (analysis.nodes[src]?.receptiveField ?? null) : null;
  const explain = getLayer(node.kind)?.explain;
  return explain
    ? explain({ params: node.params, info, inputField })
    : { out: [msg('formula.out', { expr: info.outputShape.join('×') })] };
}

/** Explains the node `id` of `doc` in English (the CLI's summary); null when the node has no output shape. */
export function explainNode(doc: GraphDocument, analysis: Analysis, id: string): Explanation<string> | null {
  const e = explainMessages(doc, analysis, id);
  if (!e) return null;
  const text = (m: Message | undefined) => (m ? english(m) : undefined);
  const out: Explanation<string> = { out: e.out.map(english) };
  if (e.params) out.params = text(e.params);
  if (e.macs) out.macs = text(e.macs);
  if (e.receptiveField) out.receptiveField = text(e.receptiveField);
  return out;
}
