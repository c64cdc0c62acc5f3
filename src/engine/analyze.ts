/**
 * Whole-graph analysis: for every node its output shape, parameters (weights and biases apart), MACs and
 * receptive field, plus the problems that stop the graph from running, each naming its node.
 */
import type { GraphDocument, GraphNode } from './document.js';
import { getLayer } from './registry.js';
import { LayerError, type Fix, type LayerDef, type ReceptiveField, type Shape, type TensorSpec } from './types.js';

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

export interface Problem {
  nodeId: string | null;
  code: string;
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

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Kahn's algorithm; nodes left over sit on or after a cycle. */
function topoOrder(doc: GraphDocument): { order: string[]; cyclic: string[] } {
  const indegree = new Map(doc.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) {
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    next.get(e.source)?.push(e.target);
  }
  const queue = doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of next.get(id) ?? []) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: doc.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/** The ids of the nodes on one cycle through `start`, for the message. */
function findCycle(doc: GraphDocument, candidates: Set<string>): string[] {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) if (candidates.has(e.source) && candidates.has(e.target)) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  for (const start of candidates) {
    const path: string[] = [];
    const onPath = new Set<string>();
    const walk = (id: string): string[] | null => {
      if (onPath.has(id)) return [...path.slice(path.indexOf(id)), id];
      onPath.add(id);
      path.push(id);
      for (const t of next.get(id) ?? []) {
        const found = walk(t);
        if (found) return found;
      }
      path.pop();
      onPath.delete(id);
      return null;
    };
    const cycle = walk(start);
    if (cycle) return cycle;
  }
  return [...candidates];
}

export function inputsOf(doc: GraphDocument, id: string): string[] {
  return doc.edges.filter((e) => e.target === id).map((e) => e.source);
}

export function analyze(doc: GraphDocument): Analysis {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const problem = (list: Problem[], nodeId: string | null, code: string, message: string, fixes: Fix[] = []) =>
    list.push({ nodeId, code, message, fixes });

  const byId = new Map<string, GraphNode>(doc.nodes.map((n) => [n.id, n]));
  const inputs = doc.nodes.filter((n) => n.kind === 'input');
  if (inputs.length === 0) problem(errors, null, 'noInput', 'the network has no input node — add an Input layer and connect it to the first layer');
  if (inputs.length > 1) {
    for (const n of inputs.slice(1)) {
      problem(errors, n.id, 'manyInputs', `input "${n.id}": a network has exactly one input node, and "${inputs[0].id}" is already one — delete this one`);
    }
  }
  const inputId = inputs.length ? inputs[0].id : null;

  const { order, cyclic } = topoOrder(doc);
  if (cyclic.length) {
    const cycle = findCycle(doc, new Set(cyclic));
    problem(errors, cycle[0], 'cycle', `the layers ${cycle.map((c) => `"${c}"`).join(' → ')} form a cycle — remove one of these connections`);
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
      stack.push(...outgoing.get(id)!);
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
      const want =
        def.inputs.min === def.inputs.max
          ? `${def.inputs.min === 0 ? 'no' : def.inputs.min} input${def.inputs.min === 1 ? '' : 's'}`
          : `at least ${def.inputs.min} inputs`;
      problem(errors, id, 'inputCount', `${node.kind} "${id}" takes ${want} but has ${sources.length} — ${sources.length > def.inputs.max ? 'remove a connection into it' : 'connect a layer into it'}`);
      continue;
    }
    const inputShapes = sources.map((s) => nodes[s].outputShape);
    if (inputShapes.some((s) => s === null)) continue; // an upstream problem was already reported
    info.inputShapes = inputShapes as Shape[];
    try {
      const out = def.inferShape(info.inputShapes, node.params, { id });
      if (out.some((d) => !(d >= 1))) throw new LayerError(`${node.kind} "${id}": its output [${out.join(', ')}] collapses to nothing`, 'collapsed');
      info.outputShape = out;
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
      problem(errors, id, e.code, e.message, e.fixes);
      continue;
    }
    info.tensors = def.tensors(info.inputShapes, info.outputShape, node.params);
    for (const t of info.tensors) {
      if (t.role === 'weight') info.weights += size(t.shape);
      if (t.role === 'bias') info.biases += size(t.shape);
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
      problem(warnings, n.id, 'disconnected', `${n.kind} "${n.id}" is not connected to the input — connect it, or delete it; it is left out of training and export`);
    }
  }
  const outputIds = order.filter((id) => reach.has(id) && outgoing.get(id)!.length === 0);
  if (outputIds.length > 1) {
    problem(warnings, outputIds[1], 'manyOutputs', `the network has ${outputIds.length} outputs (${outputIds.map((o) => `"${o}"`).join(', ')}); training and export use one — join them or delete the extra branches`);
  }

  const counted = Object.values(nodes).filter((i) => i.connected);
  return {
    nodes,
    order,
    inputId,
    outputIds,
    totalParams: counted.reduce((a, i) => a + i.params, 0),
    totalWeights: counted.reduce((a, i) => a + i.weights, 0),
    totalBiases: counted.reduce((a, i) => a + i.biases, 0),
    totalMacs: counted.reduce((a, i) => a + i.macs, 0),
    errors,
    warnings,
  };
}
