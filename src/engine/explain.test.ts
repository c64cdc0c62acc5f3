import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyze } from './analyze.js';
import { loadDocument, type GraphDocument } from './document.js';
import { explainNode } from './explain.js';
import { chain, node } from '../../tests/helpers.js';

function lenet(): GraphDocument {
  const r = loadDocument(readFileSync(new URL('../../resources/examples/lenet5.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

describe('explainNode', () => {
  const doc = lenet();
  const a = analyze(doc);

  it('writes the conv formulas with the node’s own numbers', () => {
    const e = explainNode(doc, a, 'c1')!;
    expect(e.params).toBe('params = 5·5·1·6 + 6 = 156');
    expect(e.out).toEqual(['out = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28']);
    expect(e.macs).toBe('MACs = 28·28·5·5·1·6 = 117,600');
    expect(e.receptiveField).toBe('receptive field = 1 + (5 − 1)·1 = 5');
  });

  it('follows the receptive field through pooling (jump doubles)', () => {
    const e = explainNode(doc, a, 'c2')!;
    expect(e.params).toBe('params = 5·5·6·16 + 16 = 2,416');
    expect(e.out).toEqual(['out = ⌊(14 + 2·0 − 5)/1⌋ + 1 = 10']);
    // c1: 5, p1: 5 + (2 − 1)·1 = 6 with jump 2, c2: 6 + 4·2 = 14.
    expect(e.receptiveField).toBe('receptive field = 6 + (5 − 1)·2 = 14');
    expect(a.nodes.c2.receptiveField?.size).toEqual([14, 14]);
  });

  it('explains pools, flatten and dense', () => {
    expect(explainNode(doc, a, 'p2')!.out).toEqual(['out = ⌊(10 + 2·0 − 2)/2⌋ + 1 = 5']);
    expect(explainNode(doc, a, 'p2')!.params).toBeUndefined();
    expect(explainNode(doc, a, 'flat')!.out).toEqual(['out = 16·5·5 = 400']);
    const f1 = explainNode(doc, a, 'f1')!;
    expect(f1.params).toBe('params = 400·120 + 120 = 48,120');
    expect(f1.receptiveField).toBeUndefined();
  });

  it('matches the analysis’ counts for every node (the formula result is the counted number)', () => {
    for (const id of a.order) {
      const e = explainNode(doc, a, id)!;
      if (e.params) expect(e.params.endsWith(`= ${a.nodes[id].params.toLocaleString('en-US')}`), id).toBe(true);
    }
  });

  it('shows asymmetric "same" padding and separate axes', () => {
    const d = chain(
      node('in', 'input', { channels: 3, height: 7, width: 9 }),
      node('c', 'conv2d', { filters: 2, kernelSize: [2, 3], stride: 2, padding: 'same' }),
    );
    const e = explainNode(d, analyze(d), 'c')!;
    // H: out = ⌈7/2⌉ = 4, total pad = (4 − 1)·2 + 2 − 7 = 1 → 0 before, 1 after.
    expect(e.out).toEqual(['out H = ⌊(7 + 0 + 1 − 2)/2⌋ + 1 = 4', 'out W = ⌊(9 + 2·1 − 3)/2⌋ + 1 = 5']);
    expect(e.params).toBe('params = 2·3·3·2 + 2 = 38');
  });

  it('writes the locally-connected count with one bias per position', () => {
    const d = chain(
      node('in', 'input', { channels: 1, height: 32, width: 32 }),
      node('lc', 'locallyConnected2d', { filters: 5, kernelSize: 3, padding: 'same' }),
    );
    const e = explainNode(d, analyze(d), 'lc')!;
    expect(e.params).toBe('params = 32·32·3·3·1·5 + 5·32·32 = 51,200');
  });

  it('returns null for a node without a shape', () => {
    const d = chain(
      node('in', 'input', { channels: 1, height: 4, width: 4 }),
      node('c', 'conv2d', { filters: 1, kernelSize: 5 }),
    );
    expect(explainNode(d, analyze(d), 'c')).toBeNull();
  });
});
