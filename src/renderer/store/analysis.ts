/**
 * Derived state: the engine's analysis of the current graph, memoized on what analysis reads (node ids, kinds,
 * params, edges), so dragging or selecting a node re-renders nothing that shows shapes or counts.
 */
import { analyze, type Analysis, type Problem } from '../../engine/analyze.ts';
import { emptyDocument, type GraphDocument } from '../../engine/document.ts';
import type { LayerNode, ShapeEdge } from './convert.ts';
import type { DocState } from './docStore.ts';

let lastNodes: LayerNode[] | null = null;
let lastEdges: ShapeEdge[] | null = null;
let lastGraph: GraphDocument = emptyDocument();
let lastAnalysis: Analysis = analyze(lastGraph);

function sameGraph(nodes: LayerNode[], edges: ShapeEdge[]): boolean {
  if (!lastNodes || !lastEdges) return false;
  if (nodes.length !== lastNodes.length || edges.length !== lastEdges.length) return false;
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i];
    const b = lastNodes[i];
    if (a !== b && (a.id !== b.id || a.type !== b.type || a.data !== b.data)) return false;
  }
  for (let i = 0; i < edges.length; i++) {
    const a = edges[i];
    const b = lastEdges[i];
    if (a !== b && (a.source !== b.source || a.target !== b.target)) return false;
  }
  return true;
}

function refresh(s: Pick<DocState, 'nodes' | 'edges' | 'name'>): void {
  if (s.nodes === lastNodes && s.edges === lastEdges) return;
  if (!sameGraph(s.nodes, s.edges)) {
    lastGraph = {
      ...emptyDocument(s.name),
      nodes: s.nodes.map((n) => ({ id: n.id, kind: n.type ?? 'input', params: n.data })),
      edges: s.edges.map((e) => ({ source: e.source, target: e.target })),
    };
    lastAnalysis = analyze(lastGraph);
  }
  lastNodes = s.nodes;
  lastEdges = s.edges;
}

export function selectAnalysis(s: DocState): Analysis {
  refresh(s);
  return lastAnalysis;
}

/** The graph the analysis was made of (no positions): for explain/compare. */
export function selectGraph(s: DocState): GraphDocument {
  refresh(s);
  return lastGraph;
}

/** The first error on each node, by node id. */
let errorsFor: Analysis | null = null;
let errorMap: Record<string, Problem> = {};
export function selectNodeErrors(s: DocState): Record<string, Problem> {
  const a = selectAnalysis(s);
  if (a !== errorsFor) {
    errorMap = {};
    for (const e of a.errors) if (e.nodeId && !errorMap[e.nodeId]) errorMap[e.nodeId] = e;
    errorsFor = a;
  }
  return errorMap;
}
