/** The teaching math against SciPy / numpy fixtures (scripts/make-convolve-fixtures.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convolve2d, kernelFromRows, type Boundary, type ConvMode } from '../src/engine/teach/convolve.js';
import { toGrey } from '../src/engine/teach/grey.js';
import { pool2d } from '../src/engine/teach/pooling.js';
import { KERNELS, findKernel, parseKernelValues } from '../src/engine/teach/kernels.js';
import { CURVE_DRAWING, CURVE_FILTER, CURVE_REGIONS, stepAt } from '../src/engine/teach/curve.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/convolve/${name}`, import.meta.url), 'utf8'));

/** Equal to float32 precision: within a few float32 ulps of the reference's magnitude scale. */
function expectClose32(got: ArrayLike<number>, want: number[], scale: number, what: string) {
  expect(got.length, what).toBe(want.length);
  const tol = 4 * 2 ** -23 * Math.max(1, scale);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol))
      throw new Error(`${what}: element ${i} is ${got[i]}, SciPy says ${want[i]} (tolerance ${tol})`);
  }
}

interface Case {
  boundary: Boundary;
  mode: ConvMode;
  correlate: boolean;
  shape: number[];
  expected: number[];
}

describe('convolve2d matches scipy.signal.convolve2d / correlate2d', () => {
  const { pairs } = fixture('convolve.json');
  for (const pair of pairs) {
    it(`${pair.image} ⊛ ${pair.kernel} (${pair.cases.length} cases)`, () => {
      const k = kernelFromRows(pair.k);
      const kScale = (pair.k as number[][]).flat().reduce((a: number, b: number) => a + Math.abs(b), 0);
      const xScale = Math.max(...pair.x.data.map(Math.abs));
      for (const c of pair.cases as Case[]) {
        const out = convolve2d(pair.x, k, { boundary: c.boundary, mode: c.mode, correlate: c.correlate });
        const what = `${pair.image} ${pair.kernel} ${c.boundary} ${c.mode} ${c.correlate ? 'correlate' : 'convolve'}`;
        expect([out.height, out.width, out.channels], what).toEqual(c.shape);
        expect(out.data).toBeInstanceOf(Float32Array);
        expectClose32(out.data, c.expected, kScale * xScale, what);
      }
    });
  }

  it('rejects a kernel larger than the image on one axis only in valid mode, as SciPy does', () => {
    const x = { data: new Float32Array(6), height: 2, width: 3, channels: 1 };
    expect(() =>
      convolve2d(
        x,
        kernelFromRows([
          [1, 1],
          [1, 1],
          [1, 1],
        ]),
        { mode: 'valid' },
      ),
    ).toThrow(/at least as large/);
  });

  it('flipping the kernel turns correlation into convolution (odd kernels, same mode)', () => {
    const x = { data: Float32Array.from({ length: 30 }, (_, i) => (i * 7) % 11), height: 5, width: 6, channels: 1 };
    const k = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 10],
    ];
    const flipped = k.map((r) => [...r].reverse()).reverse();
    const a = convolve2d(x, kernelFromRows(k), { mode: 'same', boundary: 'symm', correlate: true });
    const b = convolve2d(x, kernelFromRows(flipped), { mode: 'same', boundary: 'symm' });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});

describe('grey (ITU-R BT.601 luma on 8-bit values)', () => {
  it('matches numpy, and convolving the grey image matches SciPy', () => {
    const g = fixture('grey.json');
    const grey = toGrey(g.rgb);
    expectClose32(grey.data, g.grey, 255, 'luma');
    const out = convolve2d(grey, kernelFromRows(findKernel('sobelX')!.values), { boundary: 'symm', mode: 'same' });
    expectClose32(out.data, g.sobelXSymmSame, 255 * 8, 'sobel of luma');
  });
});

describe('pool2d matches numpy windows', () => {
  for (const c of fixture('pooling.json').cases) {
    it(`${c.height}×${c.width}, ${c.size}×${c.size} window, stride ${c.stride}`, () => {
      const mx = pool2d(c.data, c.height, c.width, 'max', c.size, c.stride);
      expect([mx.height, mx.width]).toEqual(c.shape);
      expect(Array.from(mx.values)).toEqual(c.max);
      expect(Array.from(mx.winners)).toEqual(c.winners);
      const av = pool2d(c.data, c.height, c.width, 'avg', c.size, c.stride);
      expectClose32(av.values, c.avg, 10, 'avg');
    });
  }

  it('padding never wins a max and never counts in an average', () => {
    const data = [-5, -6, -7, -8];
    const mx = pool2d(data, 2, 2, 'max', 2, 1, 1);
    expect(Array.from(mx.values)).toEqual([-5, -5, -6, -5, -5, -6, -7, -7, -8]);
    const av = pool2d([4, 8, 12, 16], 2, 2, 'avg', 2, 2, 1);
    expect(Array.from(av.values)).toEqual([4, 8, 12, 16]);
  });
});

describe('named kernels and the curve detector', () => {
  it('has the named kernels, each a rectangular grid', () => {
    for (const id of [
      'identity',
      'edge1',
      'edge2',
      'edge3',
      'sharpen',
      'boxBlur',
      'gaussian3',
      'gaussian5',
      'emboss',
      'verticalLines',
      'horizontalLines',
      'sobelX',
      'sobelY',
      'prewittX',
      'prewittY',
    ]) {
      expect(findKernel(id), id).toBeDefined();
    }
    expect(findKernel('verticalLines')!.values).toEqual([
      [-1, 0, 1],
      [-1, 0, 1],
      [-1, 0, 1],
    ]);
    expect(
      findKernel('gaussian5')!
        .values.flat()
        .reduce((a, b) => a + b, 0),
    ).toBeCloseTo(1, 12);
    expect(new Set(KERNELS.map((k) => k.id)).size).toBe(KERNELS.length);
  });

  it('parses custom kernel JSON and explains bad input in one line', () => {
    expect(parseKernelValues('[[1,2],[3,4]]')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => parseKernelValues('[[1,2],[3]]')).toThrow(/same length/);
    expect(() => parseKernelValues('nope')).toThrow(/not valid JSON/);
    expect(() => parseKernelValues('[[1,"a"]]')).toThrow(/finite number/);
  });

  it('sums to 6600 over the matching curve and 0 over the empty region', () => {
    for (const r of CURVE_REGIONS) expect(stepAt(CURVE_DRAWING, CURVE_FILTER, r.y, r.x).sum, r.id).toBe(r.sum);
    expect(CURVE_REGIONS.map((r) => r.sum)).toEqual([6600, 0]);
    // The same numbers from the convolution code, as a CNN layer computes them (cross-correlation, valid).
    const h = CURVE_DRAWING.length;
    const w = CURVE_DRAWING[0].length;
    const out = convolve2d(
      { data: CURVE_DRAWING.flat(), height: h, width: w, channels: 1 },
      kernelFromRows(CURVE_FILTER as number[][]),
      { mode: 'valid', correlate: true },
    );
    for (const r of CURVE_REGIONS) expect(out.data[r.y * out.width + r.x]).toBe(r.sum);
  });
});

describe('pool2d agrees with the engine layers (padding included)', () => {
  it('matches maxPool2d / avgPool2d forward for same and numeric padding', async () => {
    const { maxPool2d, avgPool2d } = await import('../src/engine/layers/pool/index.js');
    const H = 7;
    const W = 6;
    const data = Float32Array.from({ length: H * W }, (_, i) => ((i * 53) % 19) - 9);
    for (const [size, stride, padding] of [
      [3, 2, 'same'],
      [2, 1, 1],
      [3, 1, 1],
      [2, 2, 'same'],
    ] as const) {
      for (const [kind, layer] of [
        ['max', maxPool2d],
        ['avg', avgPool2d],
      ] as const) {
        const p = { poolSize: size, stride, padding };
        const engine = layer.forward([{ shape: [1, 1, H, W], data }], {}, p, { training: false, rng: () => 0 }).output;
        const mine = pool2d(data, H, W, kind, size, stride, padding);
        expect([1, 1, mine.height, mine.width], `${kind} ${JSON.stringify(p)}`).toEqual(engine.shape);
        for (let i = 0; i < mine.values.length; i++)
          expect(mine.values[i], `${kind} ${JSON.stringify(p)} [${i}]`).toBeCloseTo(engine.data[i], 5);
      }
    }
  });
});

describe('toBytes (display modes)', () => {
  it('clips by default, and only the wrap mode reproduces the uint8-cast bug', async () => {
    const { toBytes } = await import('../src/engine/teach/display.js');
    const v = [-300, -1, 0, 100.4, 255, 300];
    expect(Array.from(toBytes(v))).toEqual([0, 0, 0, 100, 255, 255]);
    expect(Array.from(toBytes(v, 'abs'))).toEqual([255, 1, 0, 100, 255, 255]);
    // numpy: np.array(v).astype(np.int64).astype(np.uint8)
    expect(Array.from(toBytes(v, 'wrap'))).toEqual([212, 255, 0, 100, 255, 44]);
    // numpy: np.round((v − min) / (max − min) · 255)
    expect(Array.from(toBytes(v, 'normalise'))).toEqual([0, 127, 128, 170, 236, 255]);
    expect(Array.from(toBytes([5, 5], 'normalise'))).toEqual([0, 0]);
  });
});
