/**
 * Pure graph edits on a GraphDocument: the app's commands (fixes, insert, delete, swap, connect) as functions
 * from one document to the next, so undo can snapshot them and the CLI can reuse them. None mutates its input.
 */
import { analyze, inputsOf } from './analyze.js';
import type { GraphDocument, GraphEdge, GraphNode } from './document.js';
import { getLayer, initialParams } from './registry.js';
import { fitWeights } from './trained.js';
import { english, msg, type Message } from './messages.js';
import type { Fix, Params } from './types.js';

/** Vertical distance between consecutive layers, matching the templates' layout. */
export const LAYER_SPACING = 110;

/** A fresh id for a node of `kind`, e.g. "conv2d_3", unused in `doc`. */
export function uniqueId(doc: GraphDocument, kind: string): string {
  const taken = new Set(doc.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${kind}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export function edgeId(e: GraphEdge): string {
  return e.id ?? `${e.source}->${e.target}`;
}

function withoutWeights(doc: GraphDocument, ids: Iterable<string>): GraphDocument['weights'] {
  if (!doc.weights) return doc.weights;
  const drop = new Set(ids);
  const out = Object.fromEntries(Object.entries(doc.weights).filter(([id]) => !drop.has(id)));
  return Object.keys(out).length ? out : undefined;
}

function finish(doc: GraphDocument, patch: Partial<GraphDocument>): GraphDocument {
  const out: GraphDocument = { ...doc, ...patch };
  if (out.weights === undefined) delete out.weights;
  return out;
}

/** Adds a node of `kind` (params from the registry's initial values, overridden by `params`). */
export function addNode(
  doc: GraphDocument,
  kind: string,
  position: { x: number; y: number },
  params?: Params,
): { doc: GraphDocument; id: string } {
  if (!getLayer(kind)) throw new Error(`unknown layer kind "${kind}"`);
  const id = uniqueId(doc, kind);
  const node: GraphNode = { id, kind, params: { ...initialParams(kind), ...params }, position };
  return { doc: finish(doc, { nodes: [...doc.nodes, node] }), id };
}

/**
 * Sets params on one node. Weights follow the graph: every layer whose tensor shapes the change alters (the node
 * itself, and e.g. the next conv when its input channels change) loses its trained weights; the rest keep them.
 */
export function setParams(doc: GraphDocument, nodeId: string, params: Params): GraphDocument {
  if (!doc.nodes.some((n) => n.id === nodeId)) throw new Error(`no node "${nodeId}"`);
  const next = finish(doc, {
    nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, ...params } } : n)),
  });
  return refitWeights(doc, next);
}

/** `next` with only the weights that still fit after the edit from `prev` (see fitWeights). */
export function refitWeights(prev: GraphDocument, next: GraphDocument): GraphDocument {
  if (!next.weights) return next;
  const weights = fitWeights(analyze(prev), analyze(next), next.weights);
  return weights === next.weights ? next : finish(next, { weights });
}

/**
 * Inserts a new node between `nodeId` and its inputs: every edge into `nodeId` now goes into the new node, which
 * feeds `nodeId`. The new node sits halfway between its first input and `nodeId`.
 */
export function insertBefore(
  doc: GraphDocument,
  nodeId: string,
  kind: string,
  params?: Params,
): { doc: GraphDocument; id: string } {
  const target = doc.nodes.find((n) => n.id === nodeId);
  if (!target) throw new Error(`no node "${nodeId}"`);
  const src = doc.nodes.find((n) => n.id === inputsOf(doc, nodeId)[0]);
  const tp = target.position ?? { x: 0, y: 0 };
  const position = src?.position
    ? { x: (src.position.x + tp.x) / 2, y: (src.position.y + tp.y) / 2 }
    : { x: tp.x, y: tp.y - LAYER_SPACING };
  const added = addNode(doc, kind, position, params);
  const edges: GraphEdge[] = added.doc.edges
    .map((e) => (e.target === nodeId ? { ...e, id: undefined, target: added.id } : e))
    .map(stripUndefinedId);
  edges.push({ source: added.id, target: nodeId });
  return { doc: finish(added.doc, { edges }), id: added.id };
}

/**
 * Drops a new node of `kind` onto the edge `edgeId`: source → new → target. The new edge into the target takes
 * the old one's place among its inputs, so a concat keeps its input order.
 */
export function insertOnEdge(
  doc: GraphDocument,
  edgeId: string,
  kind: string,
  position: { x: number; y: number },
): { doc: GraphDocument; id: string } {
  const at = doc.edges.findIndex((e) => edgeId === e.id || edgeId === `${e.source}->${e.target}`);
  if (at < 0) throw new Error(`no edge "${edgeId}"`);
  const old = doc.edges[at];
  const added = addNode(doc, kind, position);
  const edges = [...doc.edges];
  edges.splice(at, 1, { source: old.source, target: added.id }, { source: added.id, target: old.target });
  return { doc: finish(added.doc, { edges }), id: added.id };
}

/**
 * Adds a node after `afterId` (or unconnected when null), connecting afterId → new. When afterId already feeds
 * other layers and the new kind takes one input, the new node is spliced in between, like inserting a line.
 */
export function addAfter(
  doc: GraphDocument,
  afterId: string | null,
  kind: string,
  position?: { x: number; y: number },
): { doc: GraphDocument; id: string } {
  const after = afterId ? doc.nodes.find((n) => n.id === afterId) : undefined;
  const ap = after?.position ?? { x: 0, y: 0 };
  const added = addNode(doc, kind, position ?? { x: ap.x, y: ap.y + LAYER_SPACING }, undefined);
  if (!after) return added;
  const def = getLayer(kind)!;
  if (def.inputs.max === 0) return added;
  let edges = added.doc.edges;
  let nodes = added.doc.nodes;
  const outgoing = edges.filter((e) => e.source === after.id);
  if (outgoing.length && def.inputs.max >= 1) {
    edges = edges.map((e) => (e.source === after.id ? stripUndefinedId({ ...e, id: undefined, source: added.id }) : e));
    // Make room: push everything below the new node down by one row.
    const downstream = downstreamOf({ ...added.doc, edges }, added.id);
    nodes = nodes.map((n) =>
      downstream.has(n.id) && n.position ? { ...n, position: { x: n.position.x, y: n.position.y + LAYER_SPACING } } : n,
    );
  }
  edges = [...edges, { source: after.id, target: added.id }];
  return { doc: finish(added.doc, { nodes, edges }), id: added.id };
}

function stripUndefinedId(e: GraphEdge): GraphEdge {
  if (e.id === undefined) {
    const { id: _drop, ...rest } = e;
    return rest;
  }
  return e;
}

/** Nodes reachable from `id` (excluding it). */
function downstreamOf(doc: GraphDocument, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const e of doc.edges)
      if (e.source === cur && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
  }
  seen.delete(id);
  return seen;
}

/**
 * Deletes nodes and their edges (and weights). With `bridge`, a deleted node that had exactly one input keeps
 * the chain whole: its input is connected to each layer it fed (deleting a layer from a stack closes the gap).
 */
export function deleteNodes(
  doc: GraphDocument,
  ids: Iterable<string>,
  options: { bridge?: boolean } = {},
): GraphDocument {
  const drop = new Set(ids);
  let edges = doc.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target));
  if (options.bridge) {
    for (const id of drop) {
      const ins = doc.edges.filter((e) => e.target === id).map((e) => e.source);
      if (ins.length !== 1 || drop.has(ins[0])) continue;
      for (const e of doc.edges) {
        if (e.source !== id || drop.has(e.target)) continue;
        if (!edges.some((x) => x.source === ins[0] && x.target === e.target))
          edges = [...edges, { source: ins[0], target: e.target }];
      }
    }
  }
  return finish(doc, { nodes: doc.nodes.filter((n) => !drop.has(n.id)), edges, weights: withoutWeights(doc, drop) });
}

/** Deletes edges by id (GraphEdge.id, or "source->target" for edges without one). */
export function deleteEdges(doc: GraphDocument, ids: Iterable<string>): GraphDocument {
  const drop = new Set(ids);
  return finish(doc, { edges: doc.edges.filter((e) => !drop.has(edgeId(e))) });
}

/**
 * Changes a node's kind, keeping every param the new kind also has (conv2d ↔ locallyConnected2d keep all of
 * them); the others take the new kind's initial values. Weights of the node are dropped.
 */
export function swapKind(doc: GraphDocument, nodeId: string, kind: string): GraphDocument {
  const def = getLayer(kind);
  if (!def) throw new Error(`unknown layer kind "${kind}"`);
  if (!doc.nodes.some((n) => n.id === nodeId)) throw new Error(`no node "${nodeId}"`);
  return finish(doc, {
    nodes: doc.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const params: Params = initialParams(kind);
      for (const spec of def.params) if (spec.name in n.params) params[spec.name] = n.params[spec.name];
      return { ...n, kind, params };
    }),
    weights: withoutWeights(doc, [nodeId]),
  });
}

/** The kind a conv ↔ locally-connected swap turns `kind` into, or null for other kinds. */
export function swapTarget(kind: string): string | null {
  return kind === 'conv2d' ? 'locallyConnected2d' : kind === 'locallyConnected2d' ? 'conv2d' : null;
}

/** Applies one of a Problem's fixes. */
export function applyFix(doc: GraphDocument, fix: Fix): GraphDocument {
  switch (fix.type) {
    case 'setParams':
      return setParams(doc, fix.nodeId, fix.params);
    case 'insertBefore':
      return insertBefore(doc, fix.nodeId, fix.kind, fix.params).doc;
  }
}

export type ConnectionCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'self' | 'duplicate' | 'tooManyInputs' | 'cycle' | 'noInputs' | 'shape';
      reason: string;
      text: Message;
    };

const refuse = (code: Exclude<ConnectionCheck, { ok: true }>['code'], text: Message): ConnectionCheck => ({
  ok: false,
  code,
  reason: english(text),
  text,
});

/**
 * Whether the edge source → target may be added: tries it on a copy and analyzes. Refused when it loops, when
 * the target takes no more inputs, or when it gives the target an error it did not have. Too few inputs on a
 * merge is fine: that is how a merge gets its second input.
 */
export function checkConnection(doc: GraphDocument, source: string, target: string): ConnectionCheck {
  if (source === target) return refuse('self', msg('connect.self'));
  const t = doc.nodes.find((n) => n.id === target);
  if (!t || !doc.nodes.some((n) => n.id === source)) return refuse('shape', msg('connect.missing'));
  if (doc.edges.some((e) => e.source === source && e.target === target)) {
    return refuse('duplicate', msg('connect.duplicate', { source, target }));
  }
  const def = getLayer(t.kind)!;
  const count = inputsOf(doc, target).length + 1;
  if (def.inputs.max === 0) return refuse('noInputs', msg('connect.noInputs', { kind: t.kind, id: target }));
  if (count > def.inputs.max) {
    const args = { kind: t.kind, id: target, max: def.inputs.max, count: count - 1 };
    return refuse('tooManyInputs', msg('connect.tooMany', args));
  }
  const tried: GraphDocument = { ...doc, edges: [...doc.edges, { source, target }] };
  if (downstreamOf(doc, target).has(source)) return refuse('cycle', msg('connect.cycle', { source, target }));
  const before = new Set(
    analyze(doc)
      .errors.filter((e) => e.nodeId === target)
      .map((e) => e.message),
  );
  const added = analyze(tried).errors.find(
    (e) => e.nodeId === target && e.code !== 'tooFewInputs' && !before.has(e.message),
  );
  if (added) return refuse('shape', { code: added.code, args: added.args });
  return { ok: true };
}

/**
 * source → a new Flatten → target, for a connection refused only because the target needs a flat input (a dense
 * layer drawn from a feature map): the fix offered right where the mistake happens. Null when a Flatten would not
 * make both connections acceptable. The Flatten sits halfway between the two.
 */
export function connectThroughFlatten(
  doc: GraphDocument,
  source: string,
  target: string,
): { doc: GraphDocument; id: string } | null {
  const s = doc.nodes.find((n) => n.id === source)?.position ?? { x: 0, y: 0 };
  const t = doc.nodes.find((n) => n.id === target)?.position ?? { x: 0, y: 0 };
  const added = addNode(doc, 'flatten', { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 });
  if (!checkConnection(added.doc, source, added.id).ok) return null;
  const first = connect(added.doc, source, added.id);
  if (!checkConnection(first, added.id, target).ok) return null;
  return { doc: connect(first, added.id, target), id: added.id };
}

/** Adds the edge source → target (no checks; call checkConnection first). */
export function connect(doc: GraphDocument, source: string, target: string): GraphDocument {
  return finish(doc, { edges: [...doc.edges, { source, target }] });
}
