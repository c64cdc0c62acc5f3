/**
 * The analysis on graphs far larger than any real network: 200,000 nodes in a chain, on one cycle, fanned out
 * from the input, or disconnected. Each must finish without overflowing the stack and give the numbers a plain
 * count gives. Timing (linear growth) is in bench/summary.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphNode } from './document.js';

const N = 200_000;
const input: GraphNode = { id: 'in', kind: 'input', params: { channels: 1, height: 4, width: 4 } };
const relu = (id: string): GraphNode => ({ id, kind: 'activation', params: { fn: 'relu' } });
const doc = (nodes: GraphNode[], edges: [string, string][]): GraphDocument => ({
  format: DOCUMENT_FORMAT,
  version: DOCUMENT_VERSION,
  name: 'big',
  nodes,
  edges: edges.map(([source, target]) => ({ source, target })),
});

describe('analyze on 200,000 nodes', () => {
  it('a chain ending in a dense layer: every node in order, totals from the one layer with parameters', () => {
    const ids = Array.from({ length: N }, (_, i) => `r${i}`);
    const nodes = [
      input,
      ...ids.map(relu),
      { id: 'f', kind: 'flatten', params: {} },
      { id: 'd', kind: 'dense', params: { units: 3, useBias: true, activation: 'linear' } },
    ];
    const path = ['in', ...ids, 'f', 'd'];
    const a = analyze(
      doc(
        nodes,
        path.slice(1).map((t, i) => [path[i], t]),
      ),
    );
    expect(a.errors).toEqual([]);
    expect(a.order.join()).toBe(path.join()); // one string compare: toEqual on 200,000 items takes seconds
    // dense 16 → 3: 48 weights, 3 biases, 48 MACs (README: dense MACs = in·units).
    expect([a.totalWeights, a.totalBiases, a.totalParams, a.totalMacs]).toEqual([48, 3, 51, 48]);
    expect(a.outputIds).toEqual(['d']);
  });

  it('one cycle through every node: found and named, with the cycle closed on its first node', () => {
    const ids = Array.from({ length: N }, (_, i) => `c${i}`);
    const edges: [string, string][] = ids.map((id, i) => [id, ids[(i + 1) % N]]);
    const a = analyze(doc([input, ...ids.map(relu)], [['in', 'c0'], ...edges]));
    expect(a.order).toEqual(['in']);
    const cycle = a.errors.find((e) => e.code === 'cycle')!;
    expect(cycle.nodeId).toBe('c0');
    expect(cycle.message.split(' → ')).toHaveLength(N + 1);
  });

  it('the input fanned out to every node: all reached, one output named, the rest warned about', () => {
    const ids = Array.from({ length: N }, (_, i) => `f${i}`);
    const a = analyze(
      doc(
        [input, ...ids.map(relu)],
        ids.map((id) => ['in', id]),
      ),
    );
    expect(a.order.join()).toBe(['in', ...ids].join());
    expect(Object.values(a.nodes).every((n) => n.connected)).toBe(true);
    expect(a.outputIds).toHaveLength(N);
    expect(a.warnings.map((w) => w.code)).toEqual(['manyOutputs']);
  });

  it('disconnected nodes: each warned about, none counted', () => {
    const ids = Array.from({ length: N }, (_, i) => `x${i}`);
    const a = analyze(doc([input, ...ids.map((id) => ({ id, kind: 'dense', params: { units: 2 } }))], []));
    expect(a.order).toHaveLength(N + 1);
    expect(a.warnings.filter((w) => w.code === 'disconnected')).toHaveLength(N);
    expect(a.totalParams).toBe(0);
  });
});

describe('findCycle (through analyze)', () => {
  it('names the cycle, not the nodes after it', () => {
    // in → a → b → c → a, and c → tail: the tail waits on the cycle but is not on it.
    const a = analyze(
      doc(
        [input, relu('a'), relu('b'), relu('c'), relu('tail')],
        [
          ['in', 'a'],
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'tail'],
        ],
      ),
    );
    expect(a.errors.find((e) => e.code === 'cycle')!.message).toContain('"a" → "b" → "c" → "a"');
  });

  it('finds a cycle reached only through a branch explored after a dead end', () => {
    // From p: p → dead (no way back), then p → q → p.
    const a = analyze(
      doc(
        [input, relu('p'), relu('dead'), relu('q')],
        [
          ['q', 'p'],
          ['p', 'dead'],
          ['p', 'q'],
        ],
      ),
    );
    expect(a.errors.find((e) => e.code === 'cycle')!.message).toContain('"p" → "q" → "p"');
  });
});
