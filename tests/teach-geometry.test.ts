/** Stride, window and receptive-field helpers of the teaching views, against brute force and the engine's figures. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { pair, paddingOf, windowOf } from '../src/engine/layers/geometry.js';
import { receptiveRegion } from '../src/engine/teach/receptive.js';
import { outputSizeFormula, windowGeometry, windowPositions } from '../src/engine/teach/stride.js';
import { chain, node } from './helpers.js';

function example(name: string): GraphDocument {
  const r = loadDocument(readFileSync(new URL(`../resources/examples/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

type Box = [number, number, number, number] | null; // y0, y1, x0, x1 inclusive, clipped to the image

/** Brute force: each unit's box is the union of the boxes of the in-range units its window covers. */
function bruteBoxes(doc: GraphDocument): Map<string, Box[][]> {
  const a = analyze(doc);
  const boxes = new Map<string, Box[][]>();
  for (const id of a.order) {
    const n = doc.nodes.find((m) => m.id === id)!;
    const out = a.nodes[id].outputShape!;
    if (out.length !== 3) continue;
    const [, H, W] = out;
    if (n.kind === 'input') {
      boxes.set(
        id,
        Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => [y, y, x, x] as Box)),
      );
      continue;
    }
    const src = doc.edges.filter((e) => e.target === id).map((e) => e.source);
    const prev = boxes.get(src[0])!;
    if (!['conv2d', 'locallyConnected2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d'].includes(n.kind)) {
      boxes.set(id, prev);
      continue;
    }
    const [, inH, inW] = a.nodes[id].inputShapes[0];
    const pool = n.kind.endsWith('Pool2d');
    const k = pool ? pair(n.params.poolSize, [2, 2]) : pair(n.params.kernelSize);
    const win = windowOf(inH, inW, k, pair(n.params.stride, pool ? k : [1, 1]), paddingOf(n.params));
    const grid: Box[][] = [];
    for (let oy = 0; oy < H; oy++) {
      grid.push([]);
      for (let ox = 0; ox < W; ox++) {
        let b: Box = null;
        for (let i = 0; i < k[0]; i++)
          for (let j = 0; j < k[1]; j++) {
            const y = oy * win.stride[0] - win.padsBegin[0] + i;
            const x = ox * win.stride[1] - win.padsBegin[1] + j;
            if (y < 0 || x < 0 || y >= inH || x >= inW) continue;
            const p = prev[y][x]!;
            b = b ? [Math.min(b[0], p[0]), Math.max(b[1], p[1]), Math.min(b[2], p[2]), Math.max(b[3], p[3])] : p;
          }
        grid[oy].push(b);
      }
    }
    boxes.set(id, grid);
  }
  return boxes;
}

describe('receptiveRegion', () => {
  const docs: [string, GraphDocument][] = [
    ['lenet5', example('lenet5')],
    ['conv-stack', example('conv-stack')],
    ['lc-stack', example('lc-stack')],
    [
      'strided',
      chain(
        node('in', 'input', { channels: 1, height: 13, width: 11 }),
        node('c1', 'conv2d', { filters: 2, kernelSize: 3, stride: 2, padding: 1 }),
        node('p1', 'maxPool2d', { poolSize: 3, stride: 2, padding: 'same' }),
        node('c2', 'conv2d', { filters: 2, kernelSize: [2, 3], padding: 'same' }),
      ),
    ],
    [
      'depthwise',
      chain(
        node('in', 'input', { channels: 2, height: 12, width: 10 }),
        node('d1', 'depthwiseConv2d', { kernelSize: 3, stride: 2, padding: 1, depthMultiplier: 2 }),
        node('d2', 'depthwiseConv2d', { kernelSize: [3, 2], padding: 'same' }),
      ),
    ],
  ];
  for (const [name, doc] of docs) {
    it(`${name}: sizes equal the engine's receptive field, clipped boxes equal brute force`, () => {
      const a = analyze(doc);
      expect(a.errors).toEqual([]);
      const brute = bruteBoxes(doc);
      let checked = 0;
      for (const [id, grid] of brute) {
        const rf = a.nodes[id].receptiveField!;
        for (let y = 0; y < grid.length; y++)
          for (let x = 0; x < grid[0].length; x++) {
            const r = receptiveRegion(doc, a, id, y, x)!;
            expect([r.region.height, r.region.width], `${id} (${y}, ${x})`).toEqual(rf.size);
            const b = grid[y][x]!;
            expect(
              [r.clipped.y, r.clipped.y + r.clipped.height - 1, r.clipped.x, r.clipped.x + r.clipped.width - 1],
              `${id} (${y}, ${x})`,
            ).toEqual(b);
            checked++;
          }
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('flat layers see the whole image', () => {
    const doc = example('lenet5');
    const a = analyze(doc);
    const r = receptiveRegion(doc, a, 'flat', 0, 0)!;
    expect(r.local).toBe(false);
    expect(r.clipped).toEqual({ y: 0, x: 0, height: 28, width: 28 });
  });
});

describe('stride helpers', () => {
  it('fills the output-size formula with the chosen numbers', () => {
    expect(outputSizeFormula(28, 5, 1, [2, 2])).toBe('⌊(28 + 2·2 − 5)/1⌋ + 1 = 28');
    expect(outputSizeFormula(32, 3, 1, [0, 0])).toBe('⌊(32 − 3)/1⌋ + 1 = 30');
    const w = windowGeometry(5, 5, 2, 2, 'same');
    expect(w.out).toEqual([3, 3]);
    expect(outputSizeFormula(5, 2, 2, [w.padsBegin[0], w.padsEnd[0]])).toBe('⌊(5 + 0 + 1 − 2)/2⌋ + 1 = 3');
  });

  it('lists every window, top-left in input coordinates', () => {
    const w = windowGeometry(7, 7, 3, 2, 1);
    const pos = windowPositions(w);
    expect(pos.length).toBe(16);
    expect(pos[0]).toEqual({ oy: 0, ox: 0, y: -1, x: -1, height: 3, width: 3 });
    expect(pos[15]).toEqual({ oy: 3, ox: 3, y: 5, x: 5, height: 3, width: 3 });
  });
});

describe('featureMaps', () => {
  it("a one-filter conv layer's map equals correlate2d (fill, same) of the input plus the bias", async () => {
    const { featureMaps } = await import('../src/engine/teach/features.js');
    const { convolve2d, kernelFromRows } = await import('../src/engine/teach/convolve.js');
    const doc = chain(
      node('in', 'input', { channels: 1, height: 6, width: 7 }),
      node('c', 'conv2d', { filters: 1, kernelSize: 3, padding: 'same', activation: 'linear' }),
    );
    const a = analyze(doc);
    const W = Float32Array.from([1, -2, 0.5, 3, 0, -1, 0.25, 2, -3]);
    const x = Float32Array.from({ length: 42 }, (_, i) => ((i * 37) % 17) / 17);
    const maps = featureMaps(doc, a, { c: { W, b: Float32Array.from([0.5]) } }, x);
    const want = convolve2d(
      { data: x, height: 6, width: 7, channels: 1 },
      kernelFromRows([
        [1, -2, 0.5],
        [3, 0, -1],
        [0.25, 2, -3],
      ]),
      { mode: 'same', boundary: 'fill', correlate: true },
    );
    const got = maps.get('c')!;
    expect(got.shape).toEqual([1, 1, 6, 7]);
    for (let i = 0; i < 42; i++) expect(got.data[i]).toBeCloseTo(want.data[i] + 0.5, 5);
  });
});

describe('filter pictures', () => {
  it('reads conv and locally-connected layouts the way the layers store them', async () => {
    const { convFilterImage, lcKernelNorms, lcKernelAt } = await import('../src/engine/teach/filters.js');
    // conv W [F=2, C=2, 1, 2]: filter 1, channel 1 holds 7, 8.
    const W = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(convFilterImage(W, [2, 2, 1, 2], 1).data)).toEqual([5, 7, 6, 8]);
    // LC W [P=2, K=2, F=2]: position 1, filter 0 has (3, 4) → norm 5.
    const L = Float32Array.from([1, 0, 0, 0, 3, 9, 4, 9]);
    expect(Array.from(lcKernelNorms(L, 1, 2, 2, 2, 0).data)).toEqual([1, 5]);
    expect(Array.from(lcKernelAt(L, 2, 2, 1, 0, 0, 1, 2).data)).toEqual([3, 4]);
  });
});
