/**
 * A few samples of an image folder, decoding only their files: the sample grid asks for 24 of a folder that may
 * hold thousands of photos, and loading them all (to pick 24) took minutes and gigabytes. Which files are samples
 * i of a split follows loadFolder's rule (classes in order, each class's files by name, its first 80% train); the
 * files are checked from their headers first (readable, within the pixel limit), as loadFolder's decode would.
 * A file whose header reads but whose pixels do not is left out of the answer and listed as skipped.
 */
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { DatasetRef } from '../../shared/api.js';
import { readImage, readImageInfo } from '../images.js';
import { channelsOf } from './describe.js';
import { classFolders, listDir, trainShare } from './folder.js';
import { pickSamples, samplesThatFit, type DatasetSamples } from './samples.js';

export async function sampleFolder(ref: DatasetRef, split: 'train' | 'test', count: number): Promise<DatasetSamples> {
  const root = resolve(ref.dataset);
  const classes = await classFolders(root);
  const skipped: string[] = [];
  const files: { file: string; label: number }[] = [];
  let first: { width: number; height: number; channels: 1 | 3 } | null = null;
  for (const [label, cls] of classes.entries()) {
    const readable: string[] = [];
    for (const name of await listDir(join(root, cls))) {
      const file = join(root, cls, name);
      if (!(await stat(file)).isFile()) continue;
      try {
        const info = await readImageInfo(file);
        first ??= info;
        readable.push(file);
      } catch (e) {
        skipped.push(`${join(cls, name)}: ${(e as Error).message.replace(`${file}: `, '')}`);
      }
    }
    if (readable.length === 0)
      throw new Error(
        `dataset folder ${root}: class "${cls}" has no readable images; ` +
          `add PNG or JPEG files to ${join(root, cls)} or remove it`,
      );
    const cut = trainShare(readable.length);
    for (const file of split === 'train' ? readable.slice(0, cut) : readable.slice(cut)) files.push({ file, label });
  }
  const channels = channelsOf(ref) ?? first!.channels;
  const [height, width] = ref.height && ref.width ? [ref.height, ref.width] : [first!.height, first!.width];
  const size = channels * height * width;
  const pick = pickSamples(files.length, samplesThatFit(count, [channels, height, width]));
  const x = new Uint8Array(pick.length * size);
  const y = new Int32Array(pick.length);
  let n = 0;
  for (const i of pick) {
    const { file, label } = files[i];
    try {
      const img = await readImage(file, { channels, height, width });
      // HWC bytes → CHW bytes, as loadFolder stores them.
      const out = x.subarray(n * size, (n + 1) * size);
      for (let ch = 0; ch < channels; ch++)
        for (let p = 0; p < height * width; p++) out[ch * height * width + p] = img.data[p * channels + ch];
      y[n++] = label;
    } catch (e) {
      skipped.push(`${file.slice(root.length + 1)}: ${(e as Error).message.replace(`${file}: `, '')}`);
    }
  }
  const samples: DataSplit<Uint8Array> = { x: x.subarray(0, n * size), y: y.subarray(0, n), count: n };
  return { dataset: { id: root, name: basename(root), shape: [channels, height, width], classes, skipped }, samples };
}
