/**
 * A folder of images, one subfolder per class (the subfolder's name is the class name, classes sorted by name).
 * Each image is decoded with sharp, resized to the input size and converted to grey or RGB to match the input's
 * channels, and kept as bytes (a batch becomes float32 in [0, 1] when drawn). Files that cannot be decoded are
 * skipped and listed. Split, fixed: within each class, files sorted by name, the first 80% (rounded up, leaving
 * at least one) train and the rest test.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { datasetChoices } from '../../engine/datasets/registry.js';
import type { Dataset } from '../../engine/datasets/types.js';
import type { DatasetRef } from '../../shared/api.js';
import { readImage, readImageInfo } from '../images.js';
import { channelsOf, splitBytes, type DatasetDescription } from './describe.js';

const TRAIN_FRACTION = 0.8;

export interface FolderOptions {
  channels?: 1 | 3;
  height?: number;
  width?: number;
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `dataset folder ${dir} does not exist` : `dataset folder ${dir} cannot be read (${code})`,
    );
  }
}

/** The class subfolders of `root`, sorted; throws naming the folder when it cannot be a dataset. */
export async function classFolders(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => null);
  if (!info) throw new Error(`dataset folder ${root} does not exist`);
  if (!info.isDirectory())
    throw new Error(
      `dataset ${root} is not a folder; give ${datasetChoices()} (IDX files, or one subfolder of images per class)`,
    );
  const entries = await listDir(root);
  const classes: string[] = [];
  for (const name of entries) if ((await stat(join(root, name))).isDirectory()) classes.push(name);
  if (classes.length === 0)
    throw new Error(
      `dataset folder ${root} has no subfolders; put each class's images in a subfolder named after the class, ` +
        'or the four IDX files (train-images-idx3-ubyte, …) in the folder',
    );
  if (classes.length === 1)
    throw new Error(
      `dataset folder ${root} has one class ("${classes[0]}"); a classifier needs at least two class subfolders`,
    );
  return classes;
}

/** Per class its first 80% (rounded up), leaving at least one for test when it has two or more. */
export const trainShare = (n: number) => (n === 1 ? 1 : Math.min(n - 1, Math.ceil(n * TRAIN_FRACTION)));

/**
 * Classes and counts from the file listing, without decoding: an upper bound (unreadable files are found on
 * loading). The size is the request's; without one, the first image's.
 */
export async function describeFolder(ref: DatasetRef): Promise<DatasetDescription> {
  const root = resolve(ref.dataset);
  const classes = await classFolders(root);
  let trainCount = 0;
  let total = 0;
  let first: string | null = null;
  for (const cls of classes) {
    const files: string[] = [];
    for (const name of await listDir(join(root, cls)))
      if ((await stat(join(root, cls, name))).isFile()) files.push(join(root, cls, name));
    first ??= files[0] ?? null;
    trainCount += trainShare(files.length);
    total += files.length;
  }
  const channels = channelsOf(ref);
  let shape: [number, number, number];
  if (ref.height && ref.width) shape = [channels ?? 1, ref.height, ref.width];
  else {
    // The header gives the size; decoding a large photo just to measure it took seconds and hundreds of MB.
    const img = first ? await readImageInfo(first).catch(() => null) : null;
    shape = img ? [channels ?? img.channels, img.height, img.width] : [channels ?? 1, 1, 1];
  }
  const size = shape[0] * shape[1] * shape[2];
  return {
    id: root,
    name: basename(root),
    shape,
    classes,
    trainCount,
    testCount: total - trainCount,
    bytes: splitBytes(total, size, 1),
  };
}

export async function loadFolder(path: string, options: FolderOptions = {}): Promise<Dataset> {
  const root = resolve(path);
  const classes = await classFolders(root);

  const skipped: string[] = [];
  let shape: [number, number, number] | null =
    options.height && options.width ? [options.channels ?? 1, options.height, options.width] : null;
  const perClass: Uint8Array[][] = [];
  for (const cls of classes) {
    const dir = join(root, cls);
    const images: Uint8Array[] = [];
    for (const name of await listDir(dir)) {
      const file = join(dir, name);
      if (!(await stat(file)).isFile()) continue;
      try {
        const img = await readImage(
          file,
          shape ? { channels: shape[0] as 1 | 3, height: shape[1], width: shape[2] } : { channels: options.channels },
        );
        // Without a requested size the first readable image sets it for all.
        shape ??= [img.channels, img.height, img.width];
        images.push(img.data);
      } catch (e) {
        skipped.push(`${join(cls, name)}: ${(e as Error).message.replace(`${file}: `, '')}`);
      }
    }
    if (images.length === 0)
      throw new Error(
        `dataset folder ${root}: class "${cls}" has no readable images; add PNG or JPEG files to ${dir} or remove it`,
      );
    perClass.push(images);
  }
  const [c, h, w] = shape!;
  const size = c * h * w;
  const trainPer = perClass.map((imgs) => trainShare(imgs.length));
  const trainCount = trainPer.reduce((a, b) => a + b, 0);
  const testCount = perClass.reduce((a, imgs) => a + imgs.length, 0) - trainCount;
  // Shared memory from the start: data-parallel training threads read it without a copy (shareSplit).
  const bytes = (n: number) => new Uint8Array(new SharedArrayBuffer(n * size));
  const ints = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));
  const train = { x: bytes(trainCount), y: ints(trainCount), count: trainCount };
  const test = { x: bytes(testCount), y: ints(testCount), count: testCount };
  let ti = 0;
  let si = 0;
  perClass.forEach((imgs, label) => {
    imgs.forEach((hwc, k) => {
      const toTrain = k < trainPer[label];
      const split = toTrain ? train : test;
      const at = toTrain ? ti++ : si++;
      split.y[at] = label;
      // HWC bytes → CHW bytes.
      const out = split.x.subarray(at * size, (at + 1) * size);
      for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) out[ch * h * w + p] = hwc[p * c + ch];
    });
  });
  return { id: root, name: basename(root), shape: [c, h, w], classes, train, test, skipped };
}
