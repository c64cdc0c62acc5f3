/**
 * IDX folders (src/main/datasets/idxFolder.ts): tiny IDX files written here byte by byte after the format on the
 * MNIST page (big-endian magic 0x00000803 / 0x00000801, then the sizes), plain and gzip-compressed, and the
 * message naming the file for each kind of bad input. Fashion-MNIST from Debian's dataset-fashion-mnist where
 * it is installed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySamples } from '../src/engine/datasets/types.js';
import { datasetInfo, datasetKind, describeDataset, loadDataset } from '../src/main/datasets/index.js';

/** An IDX file: magic 0x000008dd (dd = dimensions), the sizes as big-endian uint32, then the bytes. */
function idx(dims: number[], values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

/** `count` 2×3 images whose pixels are 10·label + position, and their labels. */
function split(labels: number[]) {
  const pixels = labels.flatMap((l) => Array.from({ length: 6 }, (_, p) => 10 * l + p));
  return { images: idx([labels.length, 2, 3], pixels), labels: idx([labels.length], labels) };
}

let root: string;
const TRAIN = [0, 1, 2, 1, 0];
const TEST = [2, 0];

/** Writes the four files into a new folder, each through `edit` (name and bytes) first. */
async function folder(
  name: string,
  edit: (file: string, bytes: Uint8Array) => [string, Uint8Array] = (f, b) => [f, b],
) {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const train = split(TRAIN);
  const test = split(TEST);
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', train.images],
    ['train-labels-idx1-ubyte', train.labels],
    ['t10k-images-idx3-ubyte', test.images],
    ['t10k-labels-idx1-ubyte', test.labels],
  ];
  for (const [file, bytes] of files) {
    const [f, b] = edit(file, bytes);
    await writeFile(join(dir, f), b);
  }
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'convas-idx-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('IDX folders', () => {
  it('loads the four files as bytes, classes from the labels; describes them without reading pixels', async () => {
    const dir = await folder('plain');
    expect((await datasetKind({ dataset: dir })).id).toBe('idx');
    const d = await loadDataset({ dataset: dir });
    expect(d.shape).toEqual([1, 2, 3]);
    expect(d.classes).toEqual(['0', '1', '2']);
    expect([d.train.count, d.test.count]).toEqual([5, 2]);
    expect(Array.from(d.train.y)).toEqual(TRAIN);
    expect(Array.from(d.test.y)).toEqual(TEST);
    expect(Array.from(d.test.x.subarray(0, 6))).toEqual([20, 21, 22, 23, 24, 25]);
    const x = new Float32Array(6);
    copySamples(d.train.x, 6, [1], x);
    expect(Array.from(x)).toEqual([10, 11, 12, 13, 14, 15].map((v) => Math.fround(v / 255)));
    const described = await describeDataset({ dataset: dir });
    expect(datasetInfo(described)).toEqual(datasetInfo(d));
    expect(described.bytes).toBe(7 * (6 + 4));
  });

  it('reads .gz files, the .idx3-ubyte spelling and the names in classes.txt', async () => {
    const dir = await folder('gz', (f, b) => [`${f.replace('-idx', '.idx')}.gz`, gzipSync(b)]);
    await writeFile(join(dir, 'classes.txt'), 'T-shirt\nTrouser\n\nPullover\n');
    const d = await loadDataset({ dataset: dir });
    expect(d.classes).toEqual(['T-shirt', 'Trouser', 'Pullover']);
    expect(Array.from(d.train.y)).toEqual(TRAIN);
    expect(Array.from(d.train.x.subarray(6, 12))).toEqual([10, 11, 12, 13, 14, 15]);
    expect(datasetInfo(await describeDataset({ dataset: dir }))).toEqual(datasetInfo(d));
  });

  it('names the file: wrong magic number, truncated file, counts that differ, a label past the classes', async () => {
    const magic = await folder('magic', (f, b) => [
      f,
      f.startsWith('t10k-labels') ? idx([2, 2, 3], new Array(12).fill(0)) : b,
    ]);
    await expect(loadDataset({ dataset: magic })).rejects.toThrow(
      `${join(magic, 't10k-labels-idx1-ubyte')}: not an IDX labels file (magic number 0x00000801): it holds images`,
    );
    const gzNamedPlain = await folder('gzplain', (f, b) => [f, f.startsWith('train-images') ? gzipSync(b) : b]);
    await expect(loadDataset({ dataset: gzNamedPlain })).rejects.toThrow(
      /train-images-idx3-ubyte: not an IDX images file \(magic number 0x00000803\): it is gzip-compressed/,
    );
    const truncated = await folder('truncated', (f, b) => [
      f,
      f.startsWith('train-images') ? b.subarray(0, b.length - 4) : b,
    ]);
    await expect(loadDataset({ dataset: truncated })).rejects.toThrow(
      `${join(truncated, 'train-images-idx3-ubyte')}: truncated — ` +
        'its header promises 5 images of 2×3 (46 bytes), the file holds 42',
    );
    const counts = await folder('counts', (f, b) => [f, f.startsWith('t10k-labels') ? idx([3], [0, 1, 2]) : b]);
    await expect(describeDataset({ dataset: counts })).rejects.toThrow(
      `${join(counts, 't10k-images-idx3-ubyte')} holds 2 images but ` +
        `${join(counts, 't10k-labels-idx1-ubyte')} holds 3 labels`,
    );
    const labels = await folder('labels');
    await writeFile(join(labels, 'classes.txt'), 'a\nb\n');
    await expect(loadDataset({ dataset: labels })).rejects.toThrow(
      `${join(labels, 'train-labels-idx1-ubyte')}: sample 2 has label 2, ` +
        `past the 2 classes listed in ${join(labels, 'classes.txt')}`,
    );
  });

  it("names the file and the size to use when the network's input is another size", async () => {
    const dir = await folder('size');
    const want =
      `${join(dir, 'train-images-idx3-ubyte')} holds 2×3 grey images but the network's input is 1×28×28 — ` +
      'set the input to channels 1, height 2, width 3';
    await expect(loadDataset({ dataset: dir, channels: 1, height: 28, width: 28 })).rejects.toThrow(want);
    await expect(describeDataset({ dataset: dir, channels: 1, height: 28, width: 28 })).rejects.toThrow(want);
    expect((await loadDataset({ dataset: dir, channels: 1, height: 2, width: 3 })).train.count).toBe(5);
  });

  it('a folder missing one of the four files is an image folder, which says what it lacks', async () => {
    const dir = await folder('three', (f, b) => [f.startsWith('t10k-labels') ? 'notes.txt' : f, b]);
    expect((await datasetKind({ dataset: dir })).id).toBe('folder');
    await expect(loadDataset({ dataset: dir })).rejects.toThrow(
      /has no subfolders; put each class's images in a subfolder named after the class, or the four IDX files/,
    );
  });
});

const FASHION = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(FASHION))(`Fashion-MNIST (${FASHION}, Debian's dataset-fashion-mnist)`, () => {
  it('opens as an IDX folder: 60,000 / 10,000 images of 28×28, 6,000 and 1,000 of each of 10 classes', async () => {
    const d = await loadDataset({ dataset: FASHION, channels: 1, height: 28, width: 28 });
    expect(d.shape).toEqual([1, 28, 28]);
    expect(d.classes).toHaveLength(10);
    const per = (y: Int32Array) => y.reduce((c, v) => ((c[v] += 1), c), new Array<number>(10).fill(0));
    // Xiao, Rasul and Vollgraf (2017): a balanced 60,000 / 10,000 split.
    expect(per(d.train.y)).toEqual(new Array(10).fill(6000));
    expect(per(d.test.y)).toEqual(new Array(10).fill(1000));
  }, 60_000);
});
if (!existsSync(FASHION))
  console.log(`Fashion-MNIST test skipped: ${FASHION} is absent (apt-get install dataset-fashion-mnist)`);
