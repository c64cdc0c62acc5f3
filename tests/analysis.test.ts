/** Every formula of the analysis pinned to worked numbers (README.md, "Semantics"). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument } from '../src/engine/document.js';
import { chain, graph, node } from './helpers.js';

const example = (name: string) => {
  const r = loadDocument(readFileSync(new URL(`../resources/examples/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
};

describe('worked examples', () => {
  it('LeNet-5 has 61,706 parameters', () => {
    const a = analyze(example('lenet5'));
    expect(a.errors).toEqual([]);
    expect(a.totalParams).toBe(61_706);
    const p = (id: string) => a.nodes[id];
    expect(p('c1')).toMatchObject({
      outputShape: [6, 28, 28],
      weights: 150,
      biases: 6,
      params: 156,
      macs: 28 * 28 * 25 * 6,
    });
    expect(p('p1').outputShape).toEqual([6, 14, 14]);
    expect(p('c2')).toMatchObject({
      outputShape: [16, 10, 10],
      weights: 2400,
      biases: 16,
      macs: 10 * 10 * 25 * 6 * 16,
    });
    expect(p('p2').outputShape).toEqual([16, 5, 5]);
    expect(p('flat').outputShape).toEqual([400]);
    expect(p('f1')).toMatchObject({ params: 400 * 120 + 120, macs: 48_000 });
    expect(p('f2').params).toBe(120 * 84 + 84);
    expect(p('out').params).toBe(84 * 10 + 10);
  });

  it("Keras' LocallyConnected2D docstring: 3×32×32, 64 filters 3×3 valid → 1,612,800 vs 1,792 as a convolution", () => {
    const input = node('in', 'input', { channels: 3, height: 32, width: 32 });
    const lc = analyze(chain(input, node('l', 'locallyConnected2d', { filters: 64, kernelSize: 3 })));
    const conv = analyze(chain(input, node('l', 'conv2d', { filters: 64, kernelSize: 3 })));
    expect(lc.nodes.l.outputShape).toEqual([64, 30, 30]);
    expect(lc.nodes.l.params).toBe(1_612_800);
    expect(lc.nodes.l.weights).toBe(30 * 30 * 3 * 3 * 3 * 64);
    expect(lc.nodes.l.biases).toBe(30 * 30 * 64);
    expect(conv.nodes.l.params).toBe(1_792);
    expect(lc.nodes.l.macs).toBe(conv.nodes.l.macs);
  });

  it('the seed example: five 3×3 filters on a 32×32 grey image are 45 weights, 46,080 locally connected', () => {
    const conv = analyze(example('conv-stack'));
    const lc = analyze(example('lc-stack'));
    expect(conv.nodes.l1).toMatchObject({ weights: 45, biases: 5, params: 50, outputShape: [5, 32, 32] });
    expect(lc.nodes.l1).toMatchObject({ weights: 46_080, biases: 32 * 32 * 5 });
    expect(lc.nodes.l1.weights).toBe(32 * 32 * 5 * 3 * 3);
    // Deeper layers see 5 channels: 5·3·3·5 shared weights against 32·32·5·3·3·5.
    expect(conv.nodes.l2.weights).toBe(225);
    expect(lc.nodes.l2.weights).toBe(230_400);
  });

  it('receptive fields grow by (k − 1)·jump and jumps multiply by strides', () => {
    const a = analyze(example('lenet5'));
    expect(a.nodes.in.receptiveField?.size).toEqual([1, 1]);
    expect(a.nodes.c1.receptiveField?.size).toEqual([5, 5]);
    expect(a.nodes.p1.receptiveField).toEqual({ size: [6, 6], jump: [2, 2] });
    expect(a.nodes.c2.receptiveField).toEqual({ size: [14, 14], jump: [2, 2] });
    expect(a.nodes.p2.receptiveField).toEqual({ size: [16, 16], jump: [4, 4] });
    expect(a.nodes.flat.receptiveField).toBeNull();
    const five = analyze(example('conv-stack'));
    expect(five.nodes.l5.receptiveField?.size).toEqual([11, 11]);
  });
});

describe('odd sizes and strides', () => {
  const input = node('in', 'input', { channels: 3, height: 17, width: 23 });

  it('valid convolution with stride 2 rounds down', () => {
    const a = analyze(chain(input, node('c', 'conv2d', { filters: 4, kernelSize: [3, 5], stride: 2 })));
    // ⌊(17 − 3)/2⌋ + 1 = 8, ⌊(23 − 5)/2⌋ + 1 = 10
    expect(a.nodes.c.outputShape).toEqual([4, 8, 10]);
    expect(a.nodes.c.weights).toBe(4 * 3 * 3 * 5);
    expect(a.nodes.c.macs).toBe(8 * 10 * 3 * 5 * 3 * 4);
    expect(a.nodes.c.receptiveField).toEqual({ size: [3, 5], jump: [2, 2] });
  });

  it('"same" padding gives ceil(in / stride)', () => {
    const a = analyze(chain(input, node('c', 'conv2d', { filters: 2, kernelSize: 4, stride: 3, padding: 'same' })));
    expect(a.nodes.c.outputShape).toEqual([2, 6, 8]);
  });

  it('integer padding pads both sides', () => {
    const a = analyze(chain(input, node('c', 'conv2d', { filters: 2, kernelSize: 3, stride: 2, padding: 1 })));
    // ⌊(17 + 2 − 3)/2⌋ + 1 = 9, ⌊(23 + 2 − 3)/2⌋ + 1 = 12
    expect(a.nodes.c.outputShape).toEqual([2, 9, 12]);
  });

  it('pools round down and default their stride to the pool size', () => {
    const a = analyze(
      chain(input, node('p', 'maxPool2d', { poolSize: 3 }), node('q', 'avgPool2d', { poolSize: 2, stride: 1 })),
    );
    expect(a.nodes.p.outputShape).toEqual([3, 5, 7]);
    expect(a.nodes.q.outputShape).toEqual([3, 4, 6]);
    expect(a.nodes.q.receptiveField).toEqual({ size: [6, 6], jump: [3, 3] });
  });

  it('locally-connected with stride counts one kernel per output position', () => {
    const a = analyze(
      chain(input, node('l', 'locallyConnected2d', { filters: 2, kernelSize: 3, stride: 2, useBias: false })),
    );
    expect(a.nodes.l.outputShape).toEqual([2, 8, 11]);
    expect(a.nodes.l.weights).toBe(8 * 11 * 3 * 3 * 3 * 2);
    expect(a.nodes.l.biases).toBe(0);
  });

  it('global average pooling outputs one value per channel; batchNorm counts 2·C', () => {
    const a = analyze(
      chain(input, node('bn', 'batchNorm'), node('g', 'globalAvgPool2d'), node('d', 'dense', { units: 5 })),
    );
    expect(a.nodes.bn).toMatchObject({ params: 6, weights: 3, biases: 3 });
    expect(a.nodes.g.outputShape).toEqual([3]);
    expect(a.nodes.d.params).toBe(3 * 5 + 5);
  });
});

describe('branches', () => {
  const base = [
    node('in', 'input', { channels: 1, height: 8, width: 8 }),
    node('a', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same' }),
  ];

  it('add keeps the shape and the largest receptive field', () => {
    const a = analyze(
      graph(
        [...base, node('b', 'conv2d', { filters: 4, kernelSize: 5, padding: 'same' }), node('s', 'add')],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['a', 's'],
          ['b', 's'],
        ],
      ),
    );
    expect(a.errors).toEqual([]);
    expect(a.nodes.s.outputShape).toEqual([4, 8, 8]);
    expect(a.nodes.s.receptiveField?.size).toEqual([5, 5]);
    expect(a.totalParams).toBe(4 * 9 + 4 + 4 * 25 + 4);
  });

  it('concat stacks channels', () => {
    const a = analyze(
      graph(
        [...base, node('b', 'conv2d', { filters: 3, kernelSize: 1 }), node('c', 'concat')],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ],
      ),
    );
    expect(a.nodes.c.outputShape).toEqual([7, 8, 8]);
  });
});

describe('errors name the node and what to change', () => {
  const input = node('in', 'input', { channels: 1, height: 4, width: 4 });
  const messages = (doc: Parameters<typeof analyze>[0]) => analyze(doc).errors.map((e) => e.message);

  it('a kernel larger than its input', () => {
    const a = analyze(chain(input, node('c3', 'conv2d', { filters: 2, kernelSize: 5 })));
    expect(a.errors[0].nodeId).toBe('c3');
    expect(a.errors[0].message).toBe(
      'conv2d "c3": its 5×5 kernel is larger than its 4×4 input — ' +
        'use a smaller kernel, "same" padding, or remove a pooling layer before it',
    );
    expect(a.errors[0].fixes.map((f) => f.label)).toEqual(['Switch to "same" padding', 'Shrink the kernel to 4×4']);
  });

  it('a pool window that collapses the map', () => {
    expect(messages(chain(input, node('p', 'maxPool2d', { poolSize: 5 })))[0]).toMatch(
      /^maxPool2d "p": its 5×5 window is larger than its 4×4 input/,
    );
  });

  it('dense on a feature map suggests flatten', () => {
    const a = analyze(chain(input, node('d', 'dense', { units: 3 })));
    expect(a.errors[0].message).toBe(
      'dense "d" needs a flat input but gets a feature map [1, 4, 4] — insert a flatten layer before it',
    );
    expect(a.errors[0].fixes).toEqual([
      { label: 'Insert Flatten', type: 'insertBefore', nodeId: 'd', kind: 'flatten' },
    ]);
  });

  it('add with different shapes', () => {
    const doc = graph(
      [
        input,
        node('a', 'conv2d', { filters: 2, kernelSize: 1 }),
        node('b', 'conv2d', { filters: 3, kernelSize: 1 }),
        node('s', 'add'),
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 's'],
        ['b', 's'],
      ],
    );
    expect(messages(doc)).toEqual([
      'add "s" needs inputs of the same shape but gets [2, 4, 4] and [3, 4, 4] — ' +
        'make the branches produce the same shape',
    ]);
  });

  it('concat with different H×W', () => {
    const doc = graph(
      [
        input,
        node('a', 'conv2d', { filters: 2, kernelSize: 1 }),
        node('b', 'conv2d', { filters: 2, kernelSize: 3 }),
        node('c', 'concat'),
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'c'],
        ['b', 'c'],
      ],
    );
    expect(messages(doc)[0]).toMatch(/^concat "c" needs inputs with the same height × width but gets 4×4 and 2×2/);
  });

  it('a cycle', () => {
    const doc = graph(
      [input, node('a', 'activation', { fn: 'relu' }), node('b', 'activation', { fn: 'relu' }), node('s', 'add')],
      [
        ['in', 's'],
        ['s', 'a'],
        ['a', 'b'],
        ['b', 's'],
      ],
    );
    const errs = analyze(doc).errors;
    expect(errs).toHaveLength(1);
    expect(errs[0].code).toBe('cycle');
    expect(errs[0].message).toMatch(/form a cycle — remove one of these connections$/);
  });

  it('no input node, or more than one', () => {
    expect(messages(chain(node('d', 'dense', { units: 2 })))).toEqual([
      'the network has no input node — add an Input layer and connect it to the first layer',
    ]);
    const two = analyze(graph([input, node('in2', 'input', { channels: 1, height: 2, width: 2 })], []));
    expect(two.errors.map((e) => e.nodeId)).toEqual(['in2']);
  });

  it('the wrong number of inputs for a kind', () => {
    const doc = graph([input, node('s', 'add')], [['in', 's']]);
    expect(messages(doc)).toEqual(['add "s" takes at least 2 inputs but has 1 — connect a layer into it']);
    const twice = graph(
      [input, node('a', 'activation', { fn: 'relu' }), node('f', 'flatten')],
      [
        ['in', 'f'],
        ['a', 'f'],
        ['in', 'a'],
      ],
    );
    expect(messages(twice)).toEqual(['flatten "f" takes 1 input but has 2 — remove a connection into it']);
  });

  it('nodes not connected to the input are warnings, not errors, and not counted', () => {
    const a = analyze(graph([input, node('f', 'flatten'), node('d', 'dense', { units: 2 })], [['in', 'f']]));
    expect(a.errors).toEqual([]);
    expect(a.warnings.map((w) => w.nodeId)).toEqual(['d']);
    expect(a.totalParams).toBe(0);
  });
});
