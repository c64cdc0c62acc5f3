import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { compareLayers, compareNode } from './compare.js';
import { chain, node } from '../../tests/helpers.js';

describe('compareLayers', () => {
  it('reproduces the classic example: five 3×3 filters on a 32×32 grey image', () => {
    const c = compareLayers({ input: [1, 32, 32], filters: 5, kernel: [3, 3], padding: 'same' });
    const [conv, lc, dense] = c.rows;
    expect(c.output).toEqual([5, 32, 32]);
    expect(conv.weights).toBe(45);
    expect(conv.biases).toBe(5);
    expect(lc.weights).toBe(46_080);
    expect(lc.biases).toBe(5 * 32 * 32);
    expect(conv.macs).toBe(lc.macs);
    expect(dense.weights).toBe(1024 * 5 * 1024);
    expect(conv.formula).toBe('3·3·1·5 = 45 weights + 5 biases');
    expect(lc.formula).toBe('32·32·3·3·1·5 = 46,080 weights + 5·32·32 = 5,120 biases');
  });

  it('agrees with the analysis of real conv and locally-connected nodes', () => {
    for (const kind of ['conv2d', 'locallyConnected2d'] as const) {
      const d = chain(
        node('in', 'input', { channels: 3, height: 11, width: 9 }),
        node('x', kind, { filters: 4, kernelSize: [3, 2], stride: 2, padding: 1 }),
      );
      const a = analyze(d);
      const c = compareNode(d, a, 'x')!;
      const row = c.rows.find((r) => r.kind === kind)!;
      expect(row.weights).toBe(a.nodes.x.weights);
      expect(row.biases).toBe(a.nodes.x.biases);
      expect(row.macs).toBe(a.nodes.x.macs);
      expect(c.output).toEqual(a.nodes.x.outputShape);
    }
  });

  it('adds the depthwise separable row: 9·C weights, then a 1×1 conv C·F, against 9·C·F', () => {
    const c = compareLayers({ input: [32, 16, 16], filters: 64, kernel: [3, 3], padding: 'same' });
    const conv = c.rows.find((r) => r.kind === 'conv2d')!;
    const sep = c.rows.find((r) => r.kind === 'depthwiseSeparable')!;
    expect(conv.weights).toBe(9 * 32 * 64);
    expect(sep.weights).toBe(9 * 32 + 32 * 64);
    expect(sep.biases).toBe(32 + 64);
    expect(sep.macs).toBe(16 * 16 * 9 * 32 + 16 * 16 * 32 * 64);
    expect(sep.formula).toBe('3·3·32·1 + 1·1·32·64 = 2,336 weights + 32·1 + 64 = 96 biases');
  });

  it('leaves biases out when the layer has none', () => {
    const c = compareLayers({ input: [2, 8, 8], filters: 3, kernel: [3, 3], useBias: false });
    expect(c.rows.map((r) => r.biases)).toEqual([0, 0, 0, 0]);
    expect(c.rows[0].formula).toBe('3·3·2·3 = 54 weights');
  });

  it('is null for other kinds', () => {
    const d = chain(node('in', 'input', { channels: 1, height: 8, width: 8 }), node('p', 'maxPool2d'));
    expect(compareNode(d, analyze(d), 'p')).toBeNull();
  });
});
