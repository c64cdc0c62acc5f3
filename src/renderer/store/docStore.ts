/**
 * The document store (xyflow's state-management guide): nodes, edges and their change handlers in one zustand
 * store, plus the document's name, path, dirty flag and the parts of the document the canvas does not show
 * (classes, weights, training settings, run history).
 *
 * Undo records the graph only (name, nodes, edges, weights) as snapshots; a drag is one step, taken when it
 * starts and committed when it ends (excalidraw's CaptureUpdateAction); loading a file clears the history.
 * Weights follow the graph: every structural edit keeps only the trained tensors that still fit (fitWeights),
 * and undo brings the dropped ones back with the graph they belong to.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { analyze } from '../../engine/analyze.ts';
import { fitWeights } from '../../engine/trained.ts';
import { emptyDocument, type GraphDocument, type RunRecord, type TrainingSettings } from '../../engine/document.ts';
import { toFlowEdges, toFlowNodes, toGraphEdges, toGraphNodes, type LayerNode, type ShapeEdge } from './convert.ts';

interface Snapshot {
  name: string;
  nodes: GraphDocument['nodes'];
  edges: GraphDocument['edges'];
  weights: GraphDocument['weights'];
}

const HISTORY_LIMIT = 200;

export interface DocState {
  nodes: LayerNode[];
  edges: ShapeEdge[];
  name: string;
  path: string | null;
  dirty: boolean;
  classes?: string[];
  weights?: GraphDocument['weights'];
  training?: TrainingSettings;
  runs: RunRecord[];
  past: Snapshot[];
  future: Snapshot[];
  /** A drag in progress: its start was recorded, its end marks the document dirty. */
  dragging: boolean;
  /** Bumped when a new document is loaded, so views can fit it. */
  loadCount: number;

  onNodesChange(changes: NodeChange<LayerNode>[]): void;
  onEdgesChange(changes: EdgeChange<ShapeEdge>[]): void;
  /** Replaces the graph with `next` as one undoable step. Returns false when an edit guard refused it. */
  commit(next: GraphDocument): boolean;
  /** Loads a document: not undoable, clears the history. */
  load(doc: GraphDocument, path: string | null, options?: { dirty?: boolean }): void;
  undo(): void;
  redo(): void;
  select(ids: string[]): void;
  selectAll(): void;
  setPath(path: string | null, name?: string): void;
  /** Whether the user named this document in the title bar (then its first save keeps that name). */
  named: boolean;
  /**
   * Renames the document; marks it unsaved, not an undoable edit. `byUser`: typed in the title bar, as opposed
   * to taken from the file of its first save.
   */
  rename(name: string, byUser?: boolean): void;
  markSaved(path: string): void;
  setTraining(settings: TrainingSettings): void;
  /** Adds a finished run and the weights it trained; not an undoable edit. */
  addRun(run: RunRecord, weights: GraphDocument['weights'], classes: string[]): void;
  removeRun(id: string): void;
}

/**
 * Asked before a graph edit; returns false to hold it back. A training run in progress asks the user, and calls
 * `apply` once they agree to stop the run.
 */
let editGuard: ((apply: () => void) => boolean) | null = null;
export function setEditGuard(guard: ((apply: () => void) => boolean) | null): void {
  editGuard = guard;
}

function snapshotOf(s: DocState): Snapshot {
  return { name: s.name, nodes: toGraphNodes(s.nodes), edges: toGraphEdges(s.edges), weights: s.weights };
}

/** The whole document as the engine and files see it. */
export function documentOf(s: DocState): GraphDocument {
  const doc: GraphDocument = { ...emptyDocument(s.name), nodes: toGraphNodes(s.nodes), edges: toGraphEdges(s.edges) };
  if (s.classes) doc.classes = s.classes;
  if (s.weights) doc.weights = s.weights;
  if (s.training) doc.training = s.training;
  if (s.runs.length) doc.runs = s.runs;
  return doc;
}

/** The graph of `nodes` and `edges` for analysis; React Flow removes a node before its edges, so edges whose
 * ends are gone are left out. */
function analyzable(name: string, nodes: LayerNode[], edges: ShapeEdge[]): GraphDocument {
  const ids = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { ...emptyDocument(name), nodes: toGraphNodes(nodes), edges: toGraphEdges(kept) };
}

/** The weights that still fit once the graph has `nodes` and `edges` instead of the state's. */
function fittedWeights(
  s: DocState,
  nodes: LayerNode[],
  edges: ShapeEdge[],
  weights = s.weights,
): GraphDocument['weights'] {
  if (!weights) return weights;
  return fitWeights(analyze(analyzable(s.name, s.nodes, s.edges)), analyze(analyzable(s.name, nodes, edges)), weights);
}

function graphOf(s: DocState, snap: Snapshot) {
  const doc = { ...emptyDocument(snap.name), nodes: snap.nodes, edges: snap.edges };
  return { name: snap.name, nodes: toFlowNodes(doc, s.nodes), edges: toFlowEdges(doc, s.edges), weights: snap.weights };
}

export const useDocStore = create<DocState>((set, get) => ({
  nodes: [],
  edges: [],
  name: 'Untitled',
  path: null,
  dirty: false,
  runs: [],
  past: [],
  future: [],
  dragging: false,
  loadCount: 0,
  named: false,

  onNodesChange(changes) {
    const s = get();
    const moves = changes.filter((c) => c.type === 'position');
    const structural = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
    const dragStart = moves.some((c) => c.type === 'position' && c.dragging) && !s.dragging;
    const dragEnd = moves.length > 0 && moves.every((c) => c.type === 'position' && !c.dragging);
    const record = dragStart || structural || (dragEnd && !s.dragging);
    const nodes = applyNodeChanges(changes, s.nodes);
    set({
      nodes,
      ...(structural ? { weights: fittedWeights(s, nodes, s.edges) } : {}),
      ...(record ? { past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT), future: [] } : {}),
      ...(dragStart ? { dragging: true } : {}),
      ...(dragEnd ? { dragging: false, dirty: true } : {}),
      ...(structural ? { dirty: true } : {}),
    });
  },

  onEdgesChange(changes) {
    const s = get();
    const structural = changes.some((c) => c.type !== 'select');
    const edges = applyEdgeChanges(changes, s.edges);
    set({
      edges,
      ...(structural
        ? {
            weights: fittedWeights(s, s.nodes, edges),
            past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
            future: [],
            dirty: true,
          }
        : {}),
    });
  },

  commit(next) {
    if (editGuard && !editGuard(() => get().commit(next))) return false;
    const s = get();
    const nodes = toFlowNodes(next, s.nodes);
    const edges = toFlowEdges(next, s.edges);
    set({
      past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
      future: [],
      dirty: true,
      name: next.name,
      nodes,
      edges,
      weights: fittedWeights(s, nodes, edges, next.weights),
    });
    return true;
  },

  load(doc, path, options) {
    set({
      nodes: toFlowNodes(doc),
      edges: toFlowEdges(doc),
      name: doc.name,
      path,
      dirty: options?.dirty ?? false,
      classes: doc.classes,
      weights: doc.weights,
      training: doc.training,
      runs: doc.runs ?? [],
      past: [],
      future: [],
      dragging: false,
      named: false,
      loadCount: get().loadCount + 1,
    });
  },

  undo() {
    const s = get();
    const prev = s.past[s.past.length - 1];
    if (!prev) return;
    set({ ...graphOf(s, prev), past: s.past.slice(0, -1), future: [snapshotOf(s), ...s.future], dirty: true });
  },

  redo() {
    const s = get();
    const next = s.future[0];
    if (!next) return;
    set({ ...graphOf(s, next), past: [...s.past, snapshotOf(s)], future: s.future.slice(1), dirty: true });
  },

  select(ids) {
    const want = new Set(ids);
    set((s) => ({
      nodes: s.nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
      edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    }));
  },

  selectAll() {
    set((s) => ({
      nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
      edges: s.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
    }));
  },

  setPath(path, name) {
    set((s) => ({ path, name: name ?? s.name }));
  },

  rename(name, byUser = false) {
    const trimmed = name.trim();
    if (byUser) set({ named: true });
    if (trimmed && trimmed !== get().name) set({ name: trimmed, dirty: true });
  },

  markSaved(path) {
    set({ path, dirty: false });
  },

  setTraining(settings) {
    set({ training: settings, dirty: true });
  },

  addRun(run, weights, classes) {
    set((s) => ({ runs: [...s.runs, run], weights, classes, dirty: true }));
  },

  removeRun(id) {
    set((s) => ({ runs: s.runs.filter((r) => r.id !== id), dirty: true }));
  },
}));

/** The current document, for actions (not for rendering: it is rebuilt on every call). */
export function currentDocument(): GraphDocument {
  return documentOf(useDocStore.getState());
}
