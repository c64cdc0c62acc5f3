/**
 * A folder of images, one subfolder per class (the subfolder's name is the class name, classes sorted by name).
 * Each image is decoded with sharp, resized to the input size and converted to grey or RGB to match the input's
 * channels. Files that cannot be decoded are skipped and listed. Split, fixed like mnist's: within each class,
 * files sorted by name, the first 80% (rounded up) train and the rest test.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Dataset } from '../../engine/datasets/types.js';
import { readImage } from '../images.js';

const TRAIN_FRACTION = 0.8;

export interface FolderOptions {
  channels?: 1 | 3;
  height?: number;
  width?: number;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `dataset folder ${dir} does not exist` : `dataset folder ${dir} cannot be read (${code})`);
  }
}

export async function loadFolder(path: string, options: FolderOptions = {}): Promise<Dataset> {
  const root = resolve(path);
  const info = await stat(root).catch(() => null);
  if (!info) throw new Error(`dataset folder ${root} does not exist`);
  if (!info.isDirectory()) throw new Error(`dataset ${root} is not a folder; give "mnist", "shapes" or a folder with one subfolder per class`);
  const entries = await listDir(root);
  const classes: string[] = [];
  for (const name of entries) if ((await stat(join(root, name))).isDirectory()) classes.push(name);
  if (classes.length === 0) throw new Error(`dataset folder ${root} has no subfolders; put each class's images in a subfolder named after the class`);
  if (classes.length === 1) throw new Error(`dataset folder ${root} has one class ("${classes[0]}"); a classifier needs at least two class subfolders`);

  const skipped: string[] = [];
  let shape: [number, number, number] | null = options.height && options.width ? [options.channels ?? 1, options.height, options.width] : null;
  const perClass: Uint8Array[][] = [];
  for (const cls of classes) {
    const dir = join(root, cls);
    const images: Uint8Array[] = [];
    for (const name of await listDir(dir)) {
      const file = join(dir, name);
      if (!(await stat(file)).isFile()) continue;
      try {
        const img = await readImage(file, shape ? { channels: shape[0] as 1 | 3, height: shape[1], width: shape[2] } : { channels: options.channels });
        // Without a requested size the first readable image sets it for all.
        shape ??= [img.channels, img.height, img.width];
        images.push(img.data);
      } catch (e) {
        skipped.push(`${join(cls, name)}: ${(e as Error).message.replace(`${file}: `, '')}`);
      }
    }
    if (images.length === 0) throw new Error(`dataset folder ${root}: class "${cls}" has no readable images; add PNG or JPEG files to ${dir} or remove it`);
    perClass.push(images);
  }
  const [c, h, w] = shape!;
  const size = c * h * w;
  const trainPer = perClass.map((imgs) => (imgs.length === 1 ? 1 : Math.min(imgs.length - 1, Math.ceil(imgs.length * TRAIN_FRACTION))));
  const trainCount = trainPer.reduce((a, b) => a + b, 0);
  const testCount = perClass.reduce((a, imgs) => a + imgs.length, 0) - trainCount;
  const train = { x: new Float32Array(trainCount * size), y: new Int32Array(trainCount), count: trainCount };
  const test = { x: new Float32Array(testCount * size), y: new Int32Array(testCount), count: testCount };
  let ti = 0;
  let si = 0;
  perClass.forEach((imgs, label) => {
    imgs.forEach((hwc, k) => {
      const toTrain = k < trainPer[label];
      const split = toTrain ? train : test;
      const at = toTrain ? ti++ : si++;
      split.y[at] = label;
      // HWC bytes → CHW floats in [0, 1].
      const out = split.x.subarray(at * size, (at + 1) * size);
      for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) out[ch * h * w + p] = hwc[p * c + ch] / 255;
    });
  });
  return { id: root, name: basename(root), shape: [c, h, w], classes, train, test, skipped };
}
