/**
 * Whole-graph analysis: for every node its output shape, parameters (weights and biases apart), MACs and
 * receptive field, plus the problems that stop the graph from running, each naming its node.
 */
import type { GraphDocument, GraphNode } from './document.js';
import { getLayer } from './registry.js';
import { LayerError, type Fix, type LayerDef, type ReceptiveField, type Shape, type TensorSpec } from './types.js';
import { sizeOf } from './kernels/scratch.js';
import { english, msg, type Message, type ProblemCode } from './messages.js';

export interface NodeInfo {
  id: string;
  kind: string;
  /** Shapes of the inputs, in edge order; empty for the input node. */
  inputShapes: Shape[];
  outputShape: Shape | null;
  tensors: TensorSpec[];
  weights: number;
  biases: number;
  params: number;
  macs: number;
  receptiveField: ReceptiveField | null;
  /** Whether the node is reachable from the input node. */
  connected: boolean;
}

/** A problem as a coded message (messages.ts): `message` is its English, the app renders `code` and `args`. */
export interface Problem {
  nodeId: string | null;
  code: ProblemCode;
  args: Message['args'];
  message: string;
  fixes: Fix[];
}

export interface Analysis {
  nodes: Record<string, NodeInfo>;
  /** Node ids in a topological order (inputs first); nodes in cycles are left out. */
  order: string[];
  inputId: string | null;
  /** Connected nodes that feed no other node: the network's outputs. */
  outputIds: string[];
  totalParams: number;
  totalWeights: number;
  totalBiases: number;
  totalMacs: number;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Kahn's algorithm; nodes left over sit on or after a cycle. Every step below is O(nodes + edges): the queue is
 * read through an index (Array.shift is O(n) per call), and no array is spread into a call's arguments (that
 * overflows the stack past about 100,000 items).
 */
function topoOrder(doc: GraphDocument): { order: string[]; cyclic: string[] } {
  const indegree = new Map(doc.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) {
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    next.get(e.source)?.push(e.target);
  }
  const order = doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  // `order` is its own queue: the nodes before `head` are placed, the rest wait for their turn.
  for (let head = 0; head < order.length; head++) {
    for (const t of next.get(order[head]) ?? []) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) order.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: doc.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/**
 * The ids of the nodes on one cycle among `candidates` (the nodes Kahn's algorithm could not place), for the
 * message. An iterative depth-first search, so a cycle of any length fits: each node is entered at most once
 * (a node finished without closing a cycle cannot be on one reachable from here), so it is O(nodes + edges).
 */
function findCycle(doc: GraphDocument, candidates: Set<string>): string[] {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    if (!candidates.has(e.source) || !candidates.has(e.target)) continue;
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const done = new Set<string>();
  for (const start of candidates) {
    if (done.has(start)) continue;
    const path: string[] = [start];
    const at = new Map<string, number>([[start, 0]]); // node → its index on the path
    const edgeIndex: number[] = [0];
    while (path.length) {
      const id = path[path.length - 1];
      const targets = next.get(id) ?? [];
      const k = edgeIndex[edgeIndex.length - 1]++;
      if (k >= targets.length) {
        path.pop();
        edgeIndex.pop();
        at.delete(id);
        done.add(id);
        continue;
      }
      const t = targets[k];
      const onPath = at.get(t);
      if (onPath !== undefined) return [...path.slice(onPath), t];
      if (done.has(t)) continue;
      at.set(t, path.length);
      path.push(t);
      edgeIndex.push(0);
    }
  }
  return [...candidates];
}

/**
 * A kernel larger than its input with "same" padding: the output keeps its size, but the padding is more zeros
 * than image (a 20×20 kernel on a 13×13 map pads 19 pixels), so most of every window is padding.
 */
function kernelPastSame(node: GraphNode, input: Shape | undefined): Message<'kernelPastSame'> | null {
  if (node.params.padding !== 'same' || node.params.kernelSize == null || !input || input.length !== 3) return null;
  const k = node.params.kernelSize;
  const [kh, kw] = Array.isArray(k) ? k : [k as number, k as number];
  if (kh <= input[1] && kw <= input[2]) return null;
  const size = `${kh}×${kw}`;
  return msg('kernelPastSame', { kind: node.kind, id: node.id, size, h: input[1], w: input[2] });
}

export function inputsOf(doc: GraphDocument, id: string): string[] {
  return doc.edges.filter((e) => e.target === id).map((e) => e.source);
}

export function analyze(doc: GraphDocument): Analysis {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const problem = (list: Problem[], nodeId: string | null, text: Message<ProblemCode>, fixes: Fix[] = []) =>
    list.push({ nodeId, code: text.code, args: text.args, message: english(text), fixes });

  const byId = new Map<string, GraphNode>(doc.nodes.map((n) => [n.id, n]));
  const inputs = doc.nodes.filter((n) => n.kind === 'input');
  if (inputs.length === 0) problem(errors, null, msg('noInput'));
  if (inputs.length > 1) {
    for (const n of inputs.slice(1)) {
      problem(errors, n.id, msg('manyInputs', { id: n.id, first: inputs[0].id }));
    }
  }
  const inputId = inputs.length ? inputs[0].id : null;

  const { order, cyclic } = topoOrder(doc);
  if (cyclic.length) {
    const cycle = findCycle(doc, new Set(cyclic));
    problem(errors, cycle[0], msg('cycle', { path: cycle.map((c) => `"${c}"`).join(' → ') }));
  }

  // Edges by end, built once: the loops below stay linear in the graph's size.
  const incoming = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) {
    incoming.get(e.target)?.push(e.source);
    outgoing.get(e.source)?.push(e.target);
  }

  // Reachability from the input, following edges forwards.
  const reach = new Set<string>();
  if (inputId) {
    const stack = [inputId];
    while (stack.length) {
      const id = stack.pop()!;
      if (reach.has(id)) continue;
      reach.add(id);
      for (const t of outgoing.get(id)!) stack.push(t);
    }
  }

  const nodes: Record<string, NodeInfo> = {};
  for (const n of doc.nodes) {
    nodes[n.id] = {
      id: n.id,
      kind: n.kind,
      inputShapes: [],
      outputShape: null,
      tensors: [],
      weights: 0,
      biases: 0,
      params: 0,
      macs: 0,
      receptiveField: null,
      connected: reach.has(n.id),
    };
  }

  for (const id of order) {
    const node = byId.get(id)!;
    const info = nodes[id];
    const def = getLayer(node.kind) as LayerDef;
    const sources = incoming.get(id)!;
    if (sources.length === 0 && def.inputs.min > 0) continue; // reported below as not connected
    if (sources.length < def.inputs.min || sources.length > def.inputs.max) {
      const args = { kind: node.kind, id, min: def.inputs.min, max: def.inputs.max, count: sources.length };
      problem(errors, id, msg(sources.length > def.inputs.max ? 'tooManyInputs' : 'tooFewInputs', args));
      continue;
    }
    const inputShapes = sources.map((s) => nodes[s].outputShape);
    if (inputShapes.some((s) => s === null)) continue; // an upstream problem was already reported
    info.inputShapes = inputShapes as Shape[];
    try {
      const out = def.inferShape(info.inputShapes, node.params, { id });
      if (out.some((d) => !(d >= 1))) {
        throw new LayerError(msg('collapsed', { kind: node.kind, id, shape: `[${out.join(', ')}]` }));
      }
      const past = kernelPastSame(node, info.inputShapes[0]);
      if (past) problem(warnings, id, past);
      info.outputShape = out;
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
      problem(errors, id, { code: e.code, args: e.args }, e.fixes);
      continue;
    }
    info.tensors = def.tensors(info.inputShapes, info.outputShape, node.params);
    for (const t of info.tensors) {
      if (t.role === 'weight') info.weights += sizeOf(t.shape);
      if (t.role === 'bias') info.biases += sizeOf(t.shape);
    }
    info.params = info.weights + info.biases;
    info.macs = def.macs(info.inputShapes, info.outputShape, node.params);
    info.receptiveField = def.receptiveField(
      sources.map((s) => nodes[s].receptiveField),
      node.params,
    );
  }

  for (const n of doc.nodes) {
    if (n.kind !== 'input' && inputId && !reach.has(n.id)) {
      problem(warnings, n.id, msg('disconnected', { kind: n.kind, id: n.id }));
    }
  }
  const outputIds = order.filter((id) => reach.has(id) && outgoing.get(id)!.length === 0);
  if (outputIds.length > 1) {
    const ids = outputIds.map((o) => `"${o}"`).join(', ');
    problem(warnings, outputIds[1], msg('manyOutputs', { count: outputIds.length, ids }));
  }

  let totalParams = 0;
  let totalWeights = 0;
  let totalBiases = 0;
  let totalMacs = 0;
  for (const n of doc.nodes) {
    const i = nodes[n.id];
    if (!i.connected) continue;
    totalParams += i.params;
    totalWeights += i.weights;
    totalBiases += i.biases;
    totalMacs += i.macs;
  }
  return { nodes, order, inputId, outputIds, totalParams, totalWeights, totalBiases, totalMacs, errors, warnings };
}
