/**
 * GraphDocument ↔ React Flow. `node.type` is the engine kind and `node.data` the params, nothing else
 * (xyflow's state-management guide); shapes and counts are derived elsewhere.
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge } from '../../engine/document.ts';
import type { Params } from '../../engine/types.ts';

export type LayerNode = Node<Params, string>;
export type ShapeEdge = Edge<Record<string, never>, 'shape'>;

export const defaultEdgeId = (e: { source: string; target: string }) => `${e.source}->${e.target}`;

/**
 * The nodes of `doc`, reusing `previous` nodes where nothing changed (keeps memo'd components and measured sizes)
 * and carrying over selection and measured dimensions where something did.
 */
export function toFlowNodes(doc: GraphDocument, previous: LayerNode[] = []): LayerNode[] {
  const old = new Map(previous.map((n) => [n.id, n]));
  return doc.nodes.map((g) => {
    const prev = old.get(g.id);
    const position = g.position ?? { x: 0, y: 0 };
    if (
      prev &&
      prev.type === g.kind &&
      prev.data === g.params &&
      prev.position.x === position.x &&
      prev.position.y === position.y
    )
      return prev;
    const node: LayerNode = { id: g.id, type: g.kind, position, data: g.params };
    if (prev?.selected) node.selected = true;
    if (prev?.measured) node.measured = prev.measured;
    return node;
  });
}

export function toFlowEdges(doc: GraphDocument, previous: ShapeEdge[] = []): ShapeEdge[] {
  const old = new Map(previous.map((e) => [e.id, e]));
  return doc.edges.map((g) => {
    const id = g.id ?? defaultEdgeId(g);
    const prev = old.get(id);
    if (prev && prev.source === g.source && prev.target === g.target) return prev;
    return { id, source: g.source, target: g.target, type: 'shape' } as ShapeEdge;
  });
}

export function toGraphNodes(nodes: LayerNode[]): GraphDocument['nodes'] {
  return nodes.map((n) => ({
    id: n.id,
    kind: n.type ?? 'input',
    params: n.data,
    position: { x: n.position.x, y: n.position.y },
  }));
}

export function toGraphEdges(edges: ShapeEdge[]): GraphEdge[] {
  return edges.map((e) =>
    e.id === defaultEdgeId(e)
      ? { source: e.source, target: e.target }
      : { id: e.id, source: e.source, target: e.target },
  );
}
