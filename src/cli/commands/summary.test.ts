/** The summary table against a plain reference (includes, Math.max over the column) and at 200,000 rows. */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../engine/analyze.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphNode } from '../../engine/document.js';
import { createRng } from '../../engine/rng.js';
import { summaryJson, summaryTable } from './summary.js';

const relu = (id: string): GraphNode => ({ id, kind: 'activation', params: { fn: 'relu' } });
const input: GraphNode = { id: 'in', kind: 'input', params: { channels: 2, height: 5, width: 5 } };

function doc(nodes: GraphNode[], edges: [string, string][]): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'g',
    nodes,
    edges: edges.map(([source, target]) => ({ source, target })),
  };
}

/** The row order and first column's width as the first, quadratic version computed them. */
function reference(d: GraphDocument, a: Analysis): { ids: string[]; idWidth: number } {
  const ids = [...a.order, ...d.nodes.map((n) => n.id).filter((id) => !a.order.includes(id))];
  return { ids, idWidth: Math.max(...['Layer', ...ids].map((id) => id.length)) };
}

describe('summaryTable', () => {
  it('orders rows like the reference on random graphs with cycles and stray nodes', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      const ids = Array.from({ length: 30 }, (_, i) => `n${i}-${'x'.repeat(Math.floor(rng.next() * 12))}`);
      const edges: [string, string][] = [];
      for (let i = 0; i < 40; i++) {
        const s = Math.floor(rng.next() * ids.length);
        const t = Math.floor(rng.next() * ids.length);
        if (s !== t) edges.push([ids[s], ids[t]]);
      }
      edges.push(['in', ids[0]]);
      const d = doc([input, ...ids.map(relu)], edges);
      const a = analyze(d);
      const want = reference(d, a);
      const lines = summaryTable(d, a).split('\n');
      const got = lines.slice(4, 4 + want.ids.length).map((l) => l.split(' ')[0]);
      expect(got).toEqual(want.ids);
      // The kind column starts where the widest id ends, plus two spaces.
      expect(lines[2].indexOf('Kind')).toBe(want.idWidth + 2);
    }
  });

  it('rounds counts past 2^53 − 1 with a note, in the table and as countsExact in the JSON', () => {
    const big = doc(
      [
        { id: 'in', kind: 'input', params: { channels: 64, height: 4096, width: 4096 } },
        { id: 'lc', kind: 'locallyConnected2d', params: { filters: 4096, kernelSize: 64 } },
      ],
      [['in', 'lc']],
    );
    const a = analyze(big);
    expect(a.errors).toEqual([]);
    const table = summaryTable(big, a);
    expect(table).toMatch(/^lc +locallyConnected2d +4096×4033×4033 +≈1\.75×10¹⁶ +≈1\.75×10¹⁶ +64×64$/m);
    expect(table).toContain('Total params: ≈1.75×10¹⁶ (weights ≈1.75×10¹⁶, biases 66,621,804,544)');
    expect(table).toMatch(
      /\nnote: ≈ marks a count past 2\^53 − 1 = 9,007,199,254,740,991, rounded to 3 significant digits/,
    );
    expect(summaryJson(big, a).countsExact).toBe(false);
    const small = doc([input, relu('r')], [['in', 'r']]);
    expect(summaryTable(small, analyze(small))).not.toContain('note:');
    expect(summaryJson(small, analyze(small)).countsExact).toBe(true);
  });

  it('prints 200,000 rows without overflowing the stack', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `r${i}`);
    const path = ['in', ...ids];
    const d = doc(
      [input, ...ids.map(relu)],
      path.slice(1).map((t, i) => [path[i], t]),
    );
    const lines = summaryTable(d, analyze(d)).split('\n');
    expect(lines).toHaveLength(1 + 3 + 200_001 + 1 + 2);
    expect(lines[4 + 200_000]).toMatch(/^r199999 +activation +2×5×5 +0 +0 +1×1$/);
  });
});
