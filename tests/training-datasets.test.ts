/** Dataset loaders: mnist's fixed split, image folders (with tiny PNGs made here), images in and out. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { datasetInfo, loadDataset } from '../src/main/datasets/index.js';
import { mnistDir, readDigitFile } from '../src/main/datasets/mnist.js';
import { readImage, writePng } from '../src/main/images.js';

describe('mnist', () => {
  it('splits each digit: its first 80% train, the last 20% test (7,996 / 2,004 of 10,000)', async () => {
    const d = await loadDataset({ dataset: 'mnist' });
    expect(d.shape).toEqual([1, 28, 28]);
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(d.train.count + d.test.count).toBe(10_000);
    expect(d.train.count).toBe(7996);
    expect(d.test.count).toBe(2004);
    const per = (y: Int32Array) => y.reduce((c, v) => ((c[v] += 1), c), new Array<number>(10).fill(0));
    const train = per(d.train.y);
    const test = per(d.test.y);
    for (let k = 0; k < 10; k++) expect(train[k]).toBe(Math.floor((train[k] + test[k]) * 0.8));
    expect(d.train.x.length).toBe(7996 * 784);
    expect(d.train.x.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
    expect(datasetInfo(d)).toEqual({ id: 'mnist', name: 'MNIST (10,000 digits)', shape: [1, 28, 28], classes: d.classes, trainCount: 7996, testCount: 2004 });
  });
});

describe('the mnist digit-file reader', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads every digit file to exactly the float32 values JSON.parse gives', () => {
    for (let d = 0; d < 10; d++) {
      const file = readFileSync(join(mnistDir(), `${d}.json`));
      const expected = Float32Array.from((JSON.parse(file.toString('utf8')) as { data: number[] }).data);
      const got = readDigitFile(file)!;
      expect(got.length).toBe(expected.length);
      let differ = 0;
      for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) differ++;
      expect(differ, `digit ${d}`).toBe(0);
    }
  });

  it('reads exponents, signs, long decimals and whitespace; falls back to JSON.parse for anything else', () => {
    expect(Array.from(readDigitFile(bytes('{ "data": [ 1e-3, -0.5,\n2, 0.12345678901234567890123, 12345678901234567890 ] }'))!)).toEqual(
      [1e-3, -0.5, 2, 0.12345678901234567890123, 12345678901234567890].map(Math.fround),
    );
    expect(readDigitFile(bytes('{"data": [0.1, null]}'))).toBeNull();
    expect(readDigitFile(bytes('{"other": [1]}'))).toBeNull();
    expect(() => readDigitFile(bytes('{"data": [0.1, 0.2'))).toThrow(/JSON/);
  });
});

describe('image folders', () => {
  let root: string;
  /** A 6×4 image whose pixels encode its class and index, so the loaded values can be checked. */
  const png = (path: string, value: number, channels: 1 | 3 = 1) => writePng(path, new Uint8Array(6 * 4 * channels).fill(value), 6, 4, channels);

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

  it('loads one class per subfolder, resized and converted to the requested channels, skipping unreadable files', async () => {
    const d = await loadDataset({ dataset: join(root, 'good'), channels: 1, height: 3, width: 5 });
    expect(d.classes).toEqual(['cat', 'dog']);
    expect(d.shape).toEqual([1, 3, 5]);
    // Per class, first 80% (rounded up, leaving one for test) train: cat 4 + dog 1, test cat 1 + dog 1.
    expect([d.train.count, d.test.count]).toEqual([5, 2]);
    expect(Array.from(d.train.y)).toEqual([0, 0, 0, 0, 1]);
    expect(d.train.x[0]).toBeCloseTo(10 / 255, 5);
    expect(d.train.x[15 * 4]).toBeCloseTo(200 / 255, 2); // an RGB grey image read as grey keeps its value
    expect(d.skipped).toHaveLength(1);
    expect(d.skipped![0]).toMatch(/^cat\/broken\.png: not a readable image/);
    const rgb = await loadDataset({ dataset: join(root, 'good'), channels: 3, height: 4, width: 6 });
    expect(rgb.shape).toEqual([3, 4, 6]);
    expect(rgb.train.x.length).toBe(5 * 3 * 24);
  });

  it('refuses a missing folder, a single class and an empty class with a message', async () => {
    await expect(loadDataset({ dataset: join(root, 'nope') })).rejects.toThrow(/nope does not exist/);
    await expect(loadDataset({ dataset: join(root, 'one') })).rejects.toThrow(/has one class \("only"\); a classifier needs at least two/);
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
    await expect(readImage(join(root, 'good', 'cat', 'broken.png'))).rejects.toThrow(/broken\.png: not a readable image/);
    await expect(readImage(join(root, 'good', 'cat', 'gone.png'))).rejects.toThrow(/gone\.png: no such file$/);
    await expect(readImage(join(root, 'good', 'cat'))).rejects.toThrow(/cat: is a folder, not an image file \(PNG or JPEG\)$/);
  });
});
