/** Auto-layout with dagre: top-to-bottom ranks, using each node's measured size. */
import dagre from '@dagrejs/dagre';
import type { GraphDocument } from '../../engine/document.ts';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

export function layoutDocument(
  doc: GraphDocument,
  sizes: Record<string, { width: number; height: number }>,
): GraphDocument {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 36, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes)
    g.setNode(n.id, { width: sizes[n.id]?.width ?? NODE_WIDTH, height: sizes[n.id]?.height ?? NODE_HEIGHT });
  for (const e of doc.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = g.node(n.id);
      const w = sizes[n.id]?.width ?? NODE_WIDTH;
      const h = sizes[n.id]?.height ?? NODE_HEIGHT;
      // dagre gives centres; React Flow positions are top-left corners.
      return { ...n, position: { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) } };
    }),
  };
}
