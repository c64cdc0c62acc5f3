/**
 * Which layers of a network hold trained weights. The document's `weights` record is the source of truth: a
 * layer is trained when the record holds every tensor it owns, each of the size the current graph gives it.
 * An edit that changes a layer's tensor shapes drops that layer's weights (`fitWeights`), so the record never
 * carries tensors of a graph that is gone; the layer then starts from the seed like a new one.
 */
import type { Analysis } from './analyze.js';
import type { WeightsRecord } from './document.js';
import { sizeOf } from './kernels/scratch.js';

export type TrainedState = 'trained' | 'partial' | 'untrained';

export interface WeightsStatus {
  state: TrainedState;
  /** Layers with tensors whose weights are not trained ones (changed, added, or never trained), in graph order. */
  reinitialised: string[];
  /** Layers with tensors whose trained weights fit. */
  trained: string[];
}

/** float32 values in a base64 string, counted as base64ToBytes decodes it (3 bytes per 4 characters). */
function base64Floats(b64: string): number {
  const chars = b64.replace(/=+$/, '').length;
  return Math.floor(Math.floor((chars * 3) / 4) / 4);
}

/** Whether `record` holds every tensor of node `id`, each of the size the analysis gives it. */
function layerFits(a: Analysis, id: string, record: WeightsRecord | undefined): boolean {
  const stored = record?.[id];
  if (!stored) return false;
  return a.nodes[id].tensors.every(
    (t) => stored[t.name] !== undefined && base64Floats(stored[t.name]) === sizeOf(t.shape),
  );
}

/** The trained and re-initialised layers among the connected layers that own tensors. */
export function weightsStatus(a: Analysis, record: WeightsRecord | undefined): WeightsStatus {
  const trained: string[] = [];
  const reinitialised: string[] = [];
  for (const id of a.order) {
    const info = a.nodes[id];
    if (!info.connected || info.tensors.length === 0) continue;
    (layerFits(a, id, record) ? trained : reinitialised).push(id);
  }
  const state: TrainedState = trained.length === 0 ? 'untrained' : reinitialised.length ? 'partial' : 'trained';
  return { state, trained, reinitialised };
}

/** "trained", "partly trained: c1, c2 re-initialised" or "untrained": the CLI's words (the app translates). */
export function describeWeights(s: WeightsStatus, limit = 6): string {
  if (s.state === 'trained') return 'trained';
  if (s.state === 'untrained') return 'untrained';
  const shown = s.reinitialised.slice(0, limit).join(', ');
  const more = s.reinitialised.length > limit ? ` and ${s.reinitialised.length - limit} more` : '';
  return `partly trained: ${shown}${more} re-initialised`;
}

const sameShape = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i]);

/**
 * The weights that still fit after an edit from the graph analysed as `before` to the one analysed as `after`.
 * A layer keeps its tensors when it still exists and, where both graphs give it tensors, every tensor keeps its
 * name and exact shape (a 3×3 kernel turned 1×9 has the same size but is not the same kernel). A layer the edit
 * left without computable tensors (disconnected, or a shape error upstream) keeps them, so reconnecting it as it
 * was loses nothing. Returns `record` itself when nothing is dropped, and undefined when nothing is left.
 */
export function fitWeights(
  before: Analysis,
  after: Analysis,
  record: WeightsRecord | undefined,
): WeightsRecord | undefined {
  if (!record) return record;
  const out: WeightsRecord = {};
  let dropped = false;
  for (const [id, tensors] of Object.entries(record)) {
    const now = after.nodes[id];
    if (!now) {
      dropped = true;
      continue;
    }
    const was = before.nodes[id];
    // Tensors that exist in both graphs keep their exact shape; every tensor the layer owns now is stored.
    const shapesKept =
      !was || now.tensors.every((t) => !was.tensors.some((w) => w.name === t.name && !sameShape(w.shape, t.shape)));
    const sizesFit = now.tensors.every(
      (t) => tensors[t.name] !== undefined && base64Floats(tensors[t.name]) === sizeOf(t.shape),
    );
    const keep = now.tensors.length === 0 || (shapesKept && sizesFit);
    if (keep) out[id] = tensors;
    else dropped = true;
  }
  if (!dropped) return record;
  return Object.keys(out).length ? out : undefined;
}
