import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, serializeDocument, type GraphDocument } from '../../engine/document.ts';
import { analyze } from '../../engine/analyze.ts';
import { setParams } from '../../engine/edit.ts';
import { weightsStatus } from '../../engine/trained.ts';
import { initWeights, weightsToRecord } from '../../engine/weights.ts';
import { selectAnalysis } from './analysis.ts';
import { currentDocument, setEditGuard, useDocStore } from './docStore.ts';

function lenet(): GraphDocument {
  const r = loadDocument(readFileSync(new URL('../../../resources/examples/lenet5.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

const store = () => useDocStore.getState();
const total = () => selectAnalysis(store()).totalParams;

describe('document store', () => {
  beforeEach(() => {
    setEditGuard(null);
    store().load(lenet(), '/docs/lenet5.json');
  });

  it('gives back exactly the document it loaded', () => {
    expect(serializeDocument(currentDocument())).toBe(serializeDocument(lenet()));
    expect(store().dirty).toBe(false);
    expect(store().past).toEqual([]);
    expect(total()).toBe(61_706);
  });

  it('keeps node.type = kind and node.data = params only', () => {
    const c1 = store().nodes.find((n) => n.id === 'c1')!;
    expect(c1.type).toBe('conv2d');
    expect(Object.keys(c1.data).sort()).toEqual([
      'activation',
      'filters',
      'kernelSize',
      'padding',
      'stride',
      'useBias',
    ]);
  });

  it('undoes and redoes a commit; analysis follows', () => {
    store().commit(setParams(currentDocument(), 'c1', { filters: 8 }));
    expect(total()).toBe(62_558);
    expect(store().dirty).toBe(true);
    store().undo();
    expect(total()).toBe(61_706);
    store().redo();
    expect(total()).toBe(62_558);
    expect(store().future).toEqual([]);
  });

  it('records a whole drag as one step, and selection not at all', () => {
    const start = store().nodes.find((n) => n.id === 'p1')!.position;
    store().onNodesChange([{ type: 'select', id: 'p1', selected: true }]);
    expect(store().past).toHaveLength(0);
    for (let i = 1; i <= 5; i++)
      store().onNodesChange([
        { type: 'position', id: 'p1', position: { x: start.x + 10 * i, y: start.y }, dragging: true },
      ]);
    store().onNodesChange([{ type: 'position', id: 'p1', position: { x: start.x + 50, y: start.y }, dragging: false }]);
    expect(store().past).toHaveLength(1);
    expect(store().dirty).toBe(true);
    store().undo();
    expect(store().nodes.find((n) => n.id === 'p1')!.position).toEqual(start);
    // Selection survives undo.
    expect(store().nodes.find((n) => n.id === 'p1')!.selected).toBe(true);
  });

  it('does not recompute the analysis for moves or selection', () => {
    const before = selectAnalysis(store());
    store().onNodesChange([{ type: 'position', id: 'p1', position: { x: 999, y: 999 }, dragging: true }]);
    store().onNodesChange([{ type: 'select', id: 'c1', selected: true }]);
    expect(selectAnalysis(store())).toBe(before);
  });

  it('loading a file is not undoable', () => {
    store().commit(setParams(currentDocument(), 'c1', { filters: 8 }));
    store().load(lenet(), null);
    expect(store().past).toEqual([]);
    store().undo();
    expect(total()).toBe(61_706);
  });

  it('holds an edit back when the guard says so, and applies it when the guard calls apply', () => {
    let pending: (() => void) | null = null;
    setEditGuard((apply) => {
      pending = apply;
      return false;
    });
    expect(store().commit(setParams(currentDocument(), 'c1', { filters: 8 }))).toBe(false);
    expect(total()).toBe(61_706);
    setEditGuard(null);
    pending!();
    expect(total()).toBe(62_558);
  });

  it('adds runs without touching the undo history', () => {
    const run = {
      id: 'r1',
      startedAt: '2026-01-01T00:00:00Z',
      settings: {
        dataset: 'shapes',
        epochs: 1,
        batchSize: 32,
        optimizer: 'adam' as const,
        lr: 0.001,
        momentum: 0.9,
        weightDecay: 0,
        seed: 1,
        valSplit: 0.1,
      },
      backend: 'engine',
      provider: 'cpu',
      epochs: [],
    };
    store().addRun(run, { c1: { W: 'AAAA' } }, ['a', 'b']);
    expect(store().past).toEqual([]);
    expect(currentDocument().runs).toEqual([run]);
    expect(currentDocument().classes).toEqual(['a', 'b']);
  });

  it('keeps the weights that fit an edit, and undo brings back the ones it dropped', () => {
    const trained = { ...lenet(), weights: weightsToRecord(initWeights(analyze(lenet()), 3)) };
    store().load(trained, null);
    const status = () => weightsStatus(selectAnalysis(store()), store().weights);
    expect(status().state).toBe('trained');
    store().commit(setParams(currentDocument(), 'c1', { filters: 4 }));
    expect(status()).toMatchObject({ state: 'partial', reinitialised: ['c1', 'c2'] });
    expect(store().weights!.f1).toBe(trained.weights.f1);
    store().undo();
    expect(store().weights).toBe(trained.weights);
    expect(status().state).toBe('trained');
    // Deleting a layer through the canvas drops its weights; so does cutting in a pool that changes f1's input.
    store().onNodesChange([{ type: 'remove', id: 'out' }]);
    expect(Object.keys(store().weights!)).not.toContain('out');
    store().onEdgesChange([{ type: 'remove', id: 'p2->flat' }]);
    expect(Object.keys(store().weights!)).toContain('f1'); // disconnected, not changed
    store().undo();
    store().undo();
    expect(store().weights).toBe(trained.weights);
  });
});
