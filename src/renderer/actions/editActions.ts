/**
 * The editing commands behind menus, shortcuts, the palette and the panels. Each builds the next document with a
 * pure engine edit (src/engine/edit.ts) and commits it to the store as one undoable step.
 */
import type { Connection } from '@xyflow/react';
import type { GraphDocument } from '../../engine/document.ts';
import {
  addAfter,
  addNode,
  applyFix,
  checkConnection,
  connect,
  connectThroughFlatten,
  deleteEdges,
  deleteNodes,
  insertOnEdge,
  setParams,
  swapKind,
  swapTarget,
  uniqueId,
} from '../../engine/edit.ts';
import type { Message } from '../../engine/messages.ts';
import type { Fix, Params } from '../../engine/types.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';
import { layoutDocument } from './layout.ts';

const commit = (doc: GraphDocument) => useDocStore.getState().commit(doc);
const selectedIds = () =>
  useDocStore
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);

export function addNodeAt(kind: string, position: { x: number; y: number }): string | null {
  const { doc, id } = addNode(currentDocument(), kind, position);
  if (!commit(doc)) return null;
  useDocStore.getState().select([id]);
  return id;
}

/** The layer a double-clicked palette item follows: the one selected, else the lowest layer feeding nothing. */
function anchorFor(doc: GraphDocument): string | null {
  const sel = selectedIds();
  if (sel.length === 1) return sel[0];
  if (!doc.nodes.length) return null;
  const sinks = doc.nodes.filter((n) => !doc.edges.some((e) => e.source === n.id));
  return (sinks.length ? sinks : doc.nodes).reduce((a, b) => ((b.position?.y ?? 0) > (a.position?.y ?? 0) ? b : a)).id;
}

/**
 * Adds a layer after the selected one (or the last layer), connected to it when the engine accepts the edge;
 * otherwise it is placed beside the anchor, unconnected, and the Problems panel says what is missing.
 */
export function addAfterSelection(kind: string): string | null {
  const doc = currentDocument();
  const anchor = anchorFor(doc);
  let result: { doc: GraphDocument; id: string };
  if (!anchor) result = addNode(doc, kind, { x: 80, y: 40 });
  else {
    const trial = addNode(doc, kind, { x: 0, y: 0 });
    if (checkConnection(trial.doc, anchor, trial.id).ok) result = addAfter(doc, anchor, kind);
    else {
      const p = doc.nodes.find((n) => n.id === anchor)?.position ?? { x: 0, y: 0 };
      result = addNode(doc, kind, { x: p.x + 260, y: p.y });
    }
  }
  if (!commit(result.doc)) return null;
  useDocStore.getState().select([result.id]);
  return result.id;
}

export function setNodeParams(id: string, params: Params): boolean {
  return commit(setParams(currentDocument(), id, params));
}

export function applyFixAction(fix: Fix): void {
  if (commit(applyFix(currentDocument(), fix))) useDocStore.getState().select([fix.nodeId]);
}

export function swapConvLc(id: string): void {
  const doc = currentDocument();
  const node = doc.nodes.find((n) => n.id === id);
  const to = node && swapTarget(node.kind);
  if (to) commit(swapKind(doc, id, to));
}

/** Drops a new layer onto an edge: it goes in between, connected both ways. */
export function insertOnEdgeAt(edgeId: string, kind: string, position: { x: number; y: number }): string | null {
  const { doc, id } = insertOnEdge(currentDocument(), edgeId, kind, position);
  if (!commit(doc)) return null;
  useDocStore.getState().select([id]);
  return id;
}

/** Deletes one layer (closing the gap it leaves in a stack), from its context menu or the inspector. */
export function deleteNode(id: string): void {
  commit(deleteNodes(currentDocument(), [id], { bridge: true }));
}

/** Deletes one connection, from its context menu or its delete button. */
export function deleteEdge(id: string): void {
  commit(deleteEdges(currentDocument(), [id]));
}

/** source → a new Flatten → target (connectThroughFlatten); the Flatten is selected. */
export function connectViaFlatten(source: string, target: string): void {
  const r = connectThroughFlatten(currentDocument(), source, target);
  if (r && commit(r.doc)) useDocStore.getState().select([r.id]);
}

/** Connects when the engine accepts it; returns the refusal's reason (a coded message) otherwise. */
export function connectAction(c: Connection): Message | null {
  const doc = currentDocument();
  const check = checkConnection(doc, c.source, c.target);
  if (!check.ok) return check.text;
  commit(connect(doc, c.source, c.target));
  return null;
}

export function deleteSelection(): void {
  const s = useDocStore.getState();
  const nodes = selectedIds();
  const edges = s.edges.filter((e) => e.selected).map((e) => e.id);
  if (!nodes.length && !edges.length) return;
  let doc = deleteEdges(currentDocument(), edges);
  // One node: close the gap it leaves in a stack. Several: remove exactly what was selected.
  doc = deleteNodes(doc, nodes, { bridge: nodes.length === 1 });
  commit(doc);
}

interface ClipboardData {
  nodes: GraphDocument['nodes'];
  edges: GraphDocument['edges'];
}
let clipboard: ClipboardData | null = null;
let pasteCount = 0;

export function copySelection(): boolean {
  const doc = currentDocument();
  const ids = new Set(selectedIds());
  if (!ids.size) return false;
  clipboard = {
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
  pasteCount = 0;
  return true;
}

export function cutSelection(): void {
  if (copySelection()) deleteSelection();
}

/** Pastes the copied layers offset from the originals, with fresh ids, keeping the edges among them. */
export function paste(): void {
  if (!clipboard) return;
  pasteCount++;
  let doc = currentDocument();
  const idMap = new Map<string, string>();
  const nodes = [...doc.nodes];
  for (const n of clipboard.nodes) {
    const id = uniqueId({ ...doc, nodes }, n.kind);
    idMap.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    nodes.push({ ...n, id, position: { x: p.x + 40 * pasteCount, y: p.y + 40 * pasteCount } });
  }
  const edges = [
    ...doc.edges,
    ...clipboard.edges.map((e) => ({ source: idMap.get(e.source)!, target: idMap.get(e.target)! })),
  ];
  doc = { ...doc, nodes, edges };
  if (commit(doc)) useDocStore.getState().select([...idMap.values()]);
}

export function autoLayout(): void {
  const s = useDocStore.getState();
  const sizes = Object.fromEntries(
    s.nodes
      .filter((n) => n.measured?.width)
      .map((n) => [n.id, { width: n.measured!.width!, height: n.measured!.height! }]),
  );
  commit(layoutDocument(currentDocument(), sizes));
}
