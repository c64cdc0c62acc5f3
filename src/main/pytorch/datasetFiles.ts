/**
 * A Convas dataset written as files another program reads: an IDX folder (MNIST's four files and classes.txt,
 * grey 8-bit images) or an image folder (one subfolder of PNGs per class). `convas dataset export` uses it, so a
 * PyTorch project (or anything else) trains on shapes, mnist or a folder exactly as Convas sees it.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Dataset, DataSplit } from '../../engine/datasets/types.js';
import type { DatasetRef } from '../../shared/api.js';
import { loadDataset } from '../datasets/index.js';
import { atomicWrite } from '../files/atomic.js';
import { writePng } from '../images.js';
import { checkOutputFolder } from './project.js';

export type DatasetFormat = 'idx' | 'images';

export interface DatasetWritten {
  dir: string;
  format: DatasetFormat;
  shape: [number, number, number];
  classes: string[];
  train: number;
  test: number;
}

/** Pixels as bytes: 8-bit datasets as they are, float pixels in [0, 1] rounded to the nearest of 0…255. */
function bytesOf(x: DataSplit['x'], start: number, count: number): Uint8Array {
  if (x instanceof Uint8Array) return x.subarray(start, start + count);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.round(Math.min(1, Math.max(0, x[start + i])) * 255);
  return out;
}

/** An IDX header: two zero bytes, 0x08 (unsigned bytes), the number of dimensions, then each size big-endian. */
function idxHeader(dims: number[]): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x0800 | dims.length);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  return b;
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

async function writeIdx(dir: string, d: Dataset): Promise<void> {
  const [c, h, w] = d.shape;
  if (c !== 1)
    throw new Error(`${d.id} has ${c} channels; IDX folders hold grey images — use --format images for colour`);
  if (d.classes.length > 256)
    throw new Error(`${d.id} has ${d.classes.length} classes; IDX labels are bytes (at most 256)`);
  await mkdir(dir, { recursive: true });
  for (const [stem, split] of [
    ['train', d.train],
    ['t10k', d.test],
  ] as const) {
    const labels = Uint8Array.from(split.y.subarray(0, split.count));
    await atomicWrite(
      join(dir, `${stem}-images-idx3-ubyte`),
      concat(idxHeader([split.count, h, w]), bytesOf(split.x, 0, split.count * h * w)),
    );
    await atomicWrite(join(dir, `${stem}-labels-idx1-ubyte`), concat(idxHeader([split.count]), labels));
  }
  await atomicWrite(join(dir, 'classes.txt'), d.classes.join('\n') + '\n');
}

/** One subfolder per class; train samples first, then test, numbered, so a folder reader keeps their order. */
async function writeImages(dir: string, d: Dataset): Promise<void> {
  const [c, h, w] = d.shape;
  const size = c * h * w;
  const names = d.classes.map((name, i) => name.replace(/[/\\:*?"<>|]/g, '_') || `class-${i}`);
  if (c !== 1 && c !== 3) throw new Error(`${d.id} has ${c} channels; PNG files are grey or RGB`);
  for (const n of names) await mkdir(join(dir, n), { recursive: true });
  const counts = new Array<number>(d.classes.length).fill(0);
  let pending: Promise<void>[] = [];
  for (const split of [d.train, d.test]) {
    for (let s = 0; s < split.count; s++) {
      const chw = bytesOf(split.x, s * size, size);
      const hwc = new Uint8Array(size);
      for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) hwc[p * c + ch] = chw[ch * h * w + p];
      const label = split.y[s];
      pending.push(
        writePng(join(dir, names[label], `${String(counts[label]++).padStart(6, '0')}.png`), hwc, w, h, c as 1 | 3),
      );
      // Several files in flight: each atomic write waits on its own fsyncs.
      if (pending.length === WRITES_IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
    }
  }
  await Promise.all(pending);
}

const WRITES_IN_FLIGHT = 32;

export async function exportDataset(
  ref: DatasetRef,
  dir: string,
  options: { format?: DatasetFormat; force?: boolean } = {},
): Promise<DatasetWritten> {
  const format = options.format ?? 'idx';
  const root = resolve(dir);
  await checkOutputFolder(root, options.force ?? false, 'dataset');
  const d = await loadDataset(ref);
  if (format === 'idx') await writeIdx(root, d);
  else await writeImages(root, d);
  return { dir: root, format, shape: d.shape, classes: d.classes, train: d.train.count, test: d.test.count };
}
