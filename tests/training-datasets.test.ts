/** Dataset loaders: the official MNIST, image folders (with tiny PNGs made here), images in and out. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySamples } from '../src/engine/datasets/types.js';
import { datasetInfo, describeDataset, loadDataset } from '../src/main/datasets/index.js';
import { readImage, writePng } from '../src/main/images.js';

describe('mnist', () => {
  it('is the official MNIST: 60,000 / 10,000 digits, the published label counts, bytes in shared memory', async () => {
    const d = await loadDataset({ dataset: 'mnist' });
    expect(d.shape).toEqual([1, 28, 28]);
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const per = (y: Int32Array) => y.reduce((c, v) => ((c[v] += 1), c), new Array<number>(10).fill(0));
    // LeCun, Cortes and Burges' counts per digit.
    expect(per(d.train.y)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(per(d.test.y)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(d.train.x).toBeInstanceOf(Uint8Array);
    expect(d.train.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(d.train.x.length).toBe(60_000 * 784);
    // The first training digit is a 5; its brightest pixel is 255 and its corners are 0.
    expect(d.train.y[0]).toBe(5);
    expect(Math.max(...d.train.x.subarray(0, 784))).toBe(255);
    expect(d.train.x[0]).toBe(0);
    const floats = new Float32Array(784);
    copySamples(d.train.x, 784, [0], floats);
    expect(Math.max(...floats)).toBe(1);
    expect(datasetInfo(d)).toEqual({
      id: 'mnist',
      name: 'MNIST',
      shape: [1, 28, 28],
      classes: d.classes,
      trainCount: 60_000,
      testCount: 10_000,
    });
    // Described from the files' headers, before any pixel is read.
    expect(datasetInfo(await describeDataset({ dataset: 'mnist' }))).toEqual(datasetInfo(d));
    expect((await describeDataset({ dataset: 'mnist' })).bytes).toBe(70_000 * (784 + 4));
  });
});

describe('image folders', () => {
  let root: string;
  /** A 6×4 image whose pixels encode its class and index, so the loaded values can be checked. */
  const png = (path: string, value: number, channels: 1 | 3 = 1) =>
    writePng(path, new Uint8Array(6 * 4 * channels).fill(value), 6, 4, channels);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'convas-folder-'));
    for (const [cls, values] of [
      ['cat', [10, 20, 30, 40, 50]],
      ['dog', [200, 210]],
    ] as const) {
      await mkdir(join(root, 'good', cls), { recursive: true });
      for (const [i, v] of values.entries()) await png(join(root, 'good', cls, `${i}.png`), v, cls === 'dog' ? 3 : 1);
    }
    await writeFile(join(root, 'good', 'cat', 'broken.png'), 'not an image');
    await mkdir(join(root, 'one', 'only'), { recursive: true });
    await png(join(root, 'one', 'only', 'a.png'), 1);
    await mkdir(join(root, 'empty', 'a'), { recursive: true });
    await mkdir(join(root, 'empty', 'b'), { recursive: true });
    await png(join(root, 'empty', 'a', 'x.png'), 1);
    await writeFile(join(root, 'empty', 'b', 'notes.txt'), 'hello');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('loads one class per subfolder, resized and converted to the channels asked for, skipping bad files', async () => {
    const d = await loadDataset({ dataset: join(root, 'good'), channels: 1, height: 3, width: 5 });
    expect(d.classes).toEqual(['cat', 'dog']);
    expect(d.shape).toEqual([1, 3, 5]);
    // Per class, first 80% (rounded up, leaving one for test) train: cat 4 + dog 1, test cat 1 + dog 1.
    expect([d.train.count, d.test.count]).toEqual([5, 2]);
    expect(Array.from(d.train.y)).toEqual([0, 0, 0, 0, 1]);
    const x = new Float32Array(d.train.count * 15);
    copySamples(d.train.x, 15, [0, 1, 2, 3, 4], x);
    expect(x[0]).toBeCloseTo(10 / 255, 5);
    expect(x[15 * 4]).toBeCloseTo(200 / 255, 2); // an RGB grey image read as grey keeps its value
    expect(d.skipped).toHaveLength(1);
    expect(d.skipped![0]).toMatch(/^cat\/broken\.png: not a readable image/);
    const rgb = await loadDataset({ dataset: join(root, 'good'), channels: 3, height: 4, width: 6 });
    expect(rgb.shape).toEqual([3, 4, 6]);
    expect(rgb.train.x.length).toBe(5 * 3 * 24);
    // Described from the listing alone: counts are an upper bound (broken.png is found only on loading).
    expect(
      datasetInfo(await describeDataset({ dataset: join(root, 'good'), channels: 1, height: 3, width: 5 })),
    ).toMatchObject({ classes: ['cat', 'dog'], shape: [1, 3, 5], trainCount: 6, testCount: 2 });
  });

  it('refuses a missing folder, a single class and an empty class with a message', async () => {
    await expect(loadDataset({ dataset: join(root, 'nope') })).rejects.toThrow(/nope does not exist/);
    await expect(loadDataset({ dataset: join(root, 'one') })).rejects.toThrow(
      /has one class \("only"\); a classifier needs at least two/,
    );
    await expect(loadDataset({ dataset: join(root, 'empty') })).rejects.toThrow(/class "b" has no readable images/);
    await expect(loadDataset({ dataset: join(root, 'good', 'cat', '0.png') })).rejects.toThrow(/is not a folder/);
  });

  it('readImage and writePng round-trip grey and RGB pixels', async () => {
    const data = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 7);
    await writePng(join(root, 'rgb.png'), data, 4, 3, 3);
    expect(await readImage(join(root, 'rgb.png'))).toEqual({ data, width: 4, height: 3, channels: 3 });
    const grey = Uint8Array.from({ length: 6 }, (_, i) => i * 40);
    await writePng(join(root, 'grey.png'), grey, 3, 2, 1);
    expect(await readImage(join(root, 'grey.png'))).toEqual({ data: grey, width: 3, height: 2, channels: 1 });
    const resized = await readImage(join(root, 'grey.png'), { channels: 3, width: 6, height: 4 });
    expect([resized.width, resized.height, resized.channels, resized.data.length]).toEqual([6, 4, 3, 72]);
    await expect(readImage(join(root, 'good', 'cat', 'broken.png'))).rejects.toThrow(
      /broken\.png: not a readable image/,
    );
    await expect(readImage(join(root, 'good', 'cat', 'gone.png'))).rejects.toThrow(/gone\.png: no such file$/);
    await expect(readImage(join(root, 'good', 'cat'))).rejects.toThrow(
      /cat: is a folder, not an image file \(PNG or JPEG\)$/,
    );
  });
});
