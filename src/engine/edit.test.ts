import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import {
  addAfter,
  applyFix,
  checkConnection,
  connectThroughFlatten,
  deleteNodes,
  insertBefore,
  insertOnEdge,
  swapKind,
  swapTarget,
  uniqueId,
} from './edit.js';
import { chain, graph, node } from '../../tests/helpers.js';

const img = () => node('in', 'input', { channels: 1, height: 28, width: 28 });

describe('applyFix', () => {
  it('inserts Flatten before a dense layer fed a feature map, and the error goes away', () => {
    const d = chain(img(), node('c', 'conv2d', { filters: 4, kernelSize: 3 }), node('d', 'dense', { units: 10 }));
    const a = analyze(d);
    const err = a.errors.find((e) => e.nodeId === 'd')!;
    expect(err.code).toBe('needsFlatten');
    const fixed = applyFix(d, err.fixes[0]);
    expect(fixed.nodes).toHaveLength(4);
    const flat = fixed.nodes.find((n) => n.kind === 'flatten')!;
    expect(fixed.edges).toEqual(
      expect.arrayContaining([
        { source: 'c', target: flat.id },
        { source: flat.id, target: 'd' },
      ]),
    );
    expect(fixed.edges.some((e) => e.source === 'c' && e.target === 'd')).toBe(false);
    const after = analyze(fixed);
    expect(after.errors).toEqual([]);
    expect(after.nodes.d.inputShapes).toEqual([[4 * 26 * 26]]);
    expect(d.nodes).toHaveLength(3); // the input document is untouched
  });

  it('switches to "same" padding and shrinks the kernel', () => {
    const d = chain(
      node('in', 'input', { channels: 1, height: 4, width: 4 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 5 }),
    );
    const err = analyze(d).errors[0];
    expect(err.fixes.map((f) => f.label)).toEqual(['Switch to "same" padding', 'Shrink the kernel to 4×4']);
    expect(analyze(applyFix(d, err.fixes[0])).nodes.c.outputShape).toEqual([2, 4, 4]);
    const shrunk = applyFix(d, err.fixes[1]);
    expect(shrunk.nodes[1].params.kernelSize).toBe(4);
    expect(analyze(shrunk).nodes.c.outputShape).toEqual([2, 1, 1]);
  });
});

describe('graph edits', () => {
  it('deletes with a bridge so a stack stays connected', () => {
    const d = chain(
      img(),
      node('a', 'conv2d', { filters: 2, kernelSize: 3 }),
      node('b', 'maxPool2d'),
      node('c', 'flatten'),
    );
    const out = deleteNodes(d, ['b'], { bridge: true });
    expect(out.edges).toEqual([
      { source: 'in', target: 'a' },
      { source: 'a', target: 'c' },
    ]);
    expect(deleteNodes(d, ['b']).edges).toEqual([{ source: 'in', target: 'a' }]);
  });

  it('drops weights of deleted and swapped nodes', () => {
    const d = { ...chain(img(), node('a', 'conv2d', { filters: 2, kernelSize: 3 })), weights: { a: { W: 'AAAA' } } };
    expect(deleteNodes(d, ['a']).weights).toBeUndefined();
    expect(swapKind(d, 'a', 'locallyConnected2d').weights).toBeUndefined();
  });

  it('swaps conv ↔ locally connected keeping every param', () => {
    const d = chain(img(), node('a', 'conv2d', { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }));
    const s = swapKind(d, 'a', swapTarget('conv2d')!);
    expect(s.nodes[1].kind).toBe('locallyConnected2d');
    expect(s.nodes[1].params).toEqual(d.nodes[1].params);
    expect(analyze(s).nodes.a.weights).toBe(28 * 28 * 5 * 5 * 6);
    expect(swapTarget('dense')).toBeNull();
  });

  it('adds after a node, splicing into an existing chain and making room below', () => {
    const d = chain(img(), node('f', 'flatten'));
    d.nodes[0].position = { x: 0, y: 0 };
    d.nodes[1].position = { x: 0, y: 110 };
    const { doc, id } = addAfter(d, 'in', 'conv2d');
    expect(id).toBe('conv2d_1');
    expect(doc.edges).toEqual(
      expect.arrayContaining([
        { source: 'in', target: id },
        { source: id, target: 'f' },
      ]),
    );
    expect(doc.edges).toHaveLength(2);
    expect(doc.nodes.find((n) => n.id === 'f')!.position).toEqual({ x: 0, y: 220 });
  });

  it('inserts before a node, taking over its inputs', () => {
    const d = chain(img(), node('f', 'flatten'));
    const { doc, id } = insertBefore(d, 'f', 'maxPool2d');
    expect(doc.edges).toEqual([
      { source: 'in', target: id },
      { source: id, target: 'f' },
    ]);
  });

  it('names new nodes uniquely', () => {
    const d = chain(node('conv2d_1', 'input', { channels: 1, height: 8, width: 8 }));
    expect(uniqueId(d, 'conv2d')).toBe('conv2d_2');
  });
});

describe('checkConnection', () => {
  const d = graph(
    [
      img(),
      node('c', 'conv2d', { filters: 2, kernelSize: 3 }),
      node('d', 'dense', { units: 10 }),
      node('m', 'add'),
      node('x', 'conv2d', { filters: 2, kernelSize: 3 }),
    ],
    [['in', 'c']],
  );

  it('accepts a fitting connection, and the first input of a merge', () => {
    expect(checkConnection(d, 'c', 'x')).toEqual({ ok: true });
    expect(checkConnection(d, 'c', 'm')).toEqual({ ok: true });
  });

  it('refuses a shape error on the target, with the engine’s reason', () => {
    const r = checkConnection(d, 'c', 'd');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/needs a flat input/);
  });

  it('refuses cycles, self loops, duplicates, too many inputs, and edges into the input', () => {
    const c = graph(
      [img(), node('a', 'conv2d', { filters: 1, kernelSize: 1 }), node('b', 'conv2d', { filters: 1, kernelSize: 1 })],
      [
        ['in', 'a'],
        ['a', 'b'],
      ],
    );
    expect(checkConnection(c, 'b', 'a')).toMatchObject({ ok: false, code: 'tooManyInputs' });
    const loose = graph(
      [img(), node('a', 'add'), node('b', 'conv2d', { filters: 1, kernelSize: 1 })],
      [
        ['in', 'a'],
        ['a', 'b'],
      ],
    );
    expect(checkConnection(loose, 'b', 'a')).toMatchObject({ ok: false, code: 'cycle' });
    expect(checkConnection(c, 'a', 'a')).toMatchObject({ ok: false, code: 'self' });
    expect(checkConnection(c, 'in', 'a')).toMatchObject({ ok: false, code: 'duplicate' });
    expect(checkConnection(c, 'b', 'in')).toMatchObject({ ok: false, code: 'noInputs' });
  });
});

describe('insertOnEdge', () => {
  it('splits an edge around the new layer, keeping a concat’s input order', () => {
    const d = graph(
      [
        img(),
        node('a', 'conv2d', { filters: 2, kernelSize: 3, padding: 'same' }),
        node('b', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same' }),
        node('cat', 'concat'),
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'cat'],
        ['b', 'cat'],
      ],
    );
    const { doc, id } = insertOnEdge(d, 'a->cat', 'maxPool2d', { x: 5, y: 6 });
    expect(doc.edges).toEqual([
      { source: 'in', target: 'a' },
      { source: 'in', target: 'b' },
      { source: 'a', target: id },
      { source: id, target: 'cat' },
      { source: 'b', target: 'cat' },
    ]);
    expect(doc.nodes.find((n) => n.id === id)!.position).toEqual({ x: 5, y: 6 });
    // The pooled branch no longer matches the other's 28×28: the concat says so, naming its inputs.
    expect(analyze(doc).errors.map((e) => e.nodeId)).toEqual(['cat']);
    expect(() => insertOnEdge(d, 'x->y', 'flatten', { x: 0, y: 0 })).toThrow('no edge "x->y"');
  });
});

describe('connectThroughFlatten', () => {
  it('joins a feature map to a dense layer through a new Flatten, and declines where Flatten does not help', () => {
    const d = graph(
      [img(), node('c', 'conv2d', { filters: 4, kernelSize: 3 }), node('d', 'dense', { units: 10 })],
      [['in', 'c']],
    );
    expect(checkConnection(d, 'c', 'd')).toMatchObject({ ok: false, code: 'shape' });
    const r = connectThroughFlatten(d, 'c', 'd')!;
    expect(r.doc.edges).toEqual([
      { source: 'in', target: 'c' },
      { source: 'c', target: r.id },
      { source: r.id, target: 'd' },
    ]);
    expect(r.doc.nodes.find((n) => n.id === r.id)!.kind).toBe('flatten');
    expect(analyze(r.doc).errors).toEqual([]);
    expect(analyze(r.doc).nodes.d.inputShapes).toEqual([[4 * 26 * 26]]);
    // A conv into a conv that already has its input: a Flatten cannot help.
    const two = graph(
      [img(), node('a', 'conv2d', { filters: 2, kernelSize: 3 }), node('b', 'conv2d', { filters: 2, kernelSize: 3 })],
      [
        ['in', 'a'],
        ['in', 'b'],
      ],
    );
    expect(connectThroughFlatten(two, 'a', 'b')).toBeNull();
  });
});
