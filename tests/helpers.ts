/** Small builders for test documents. */
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphNode } from '../src/engine/document.js';
import { initialParams, layerOrThrow } from '../src/engine/registry.js';
import type { Params } from '../src/engine/types.js';

export function node(id: string, kind: string, params: Params = {}): GraphNode {
  const def = layerOrThrow(kind);
  const filled: Params = {};
  for (const spec of def.params) if (spec.default !== undefined) filled[spec.name] = spec.default;
  return { id, kind, params: { ...filled, ...params } };
}

/** A chain: each node feeds the next. */
export function chain(...nodes: GraphNode[]): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'test',
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i].id, target: n.id })),
  };
}

export function graph(nodes: GraphNode[], edges: [string, string][]): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'test',
    nodes,
    edges: edges.map(([source, target]) => ({ source, target })),
  };
}

export { initialParams };
