/**
 * dataset:samples on an image folder decodes only the samples asked for, and gives the same samples, bytes and
 * labels as loading the whole folder and picking from it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { blankPng } from '../../../tests/png.ts';
import { writePng } from '../images.ts';
import { loadFolder } from './folder.ts';
import { sampleFolder } from './folderSamples.ts';
import { MAX_SAMPLE_VALUES, samplesOf, samplesThatFit } from './samples.ts';

const root = mkdtempSync(join(tmpdir(), 'convas-folder-samples-'));

beforeAll(async () => {
  // Class "a": 5 images; class "b": 6 images, a bomb and an unreadable file. Each image's pixels say who it is.
  for (const [cls, n] of [
    ['a', 5],
    ['b', 6],
  ] as const) {
    mkdirSync(join(root, cls));
    for (let i = 0; i < n; i++) {
      const rgb = Uint8Array.from({ length: 6 * 4 * 3 }, (_, k) => (cls === 'a' ? 10 : 130) + i * 10 + (k % 3));
      await writePng(join(root, cls, `${cls}${i}.png`), rgb, 6, 4, 3);
    }
  }
  // Sorted first in "b", so they fall among its training files: they do not change which files are test ones.
  blankPng(join(root, 'b', 'b-bomb.png'), 8193, 8192);
  blankPng(join(root, 'b', 'b-cut.png'), 30, 20, { truncate: true }); // the header reads, the pixels do not
  writeFileSync(join(root, 'b', 'b-notes.png'), 'not an image');
});

describe('sampleFolder', () => {
  it('the test split: the samples of the whole folder, at the requested size, decoding only those', async () => {
    const ref = { dataset: root, channels: 3 as const, height: 2, width: 3 };
    const whole = await loadFolder(root, { channels: 3, height: 2, width: 3 });
    const want = samplesOf(whole, 'test', 2);
    const got = await sampleFolder(ref, 'test', 2);
    expect(got.dataset.shape).toEqual([3, 2, 3]);
    expect(got.dataset.classes).toEqual(['a', 'b']);
    expect(got.samples.count).toBe(2);
    expect(Array.from(got.samples.y)).toEqual(Array.from(want.samples.y));
    expect(Array.from(got.samples.x)).toEqual(Array.from(want.samples.x));
    // Both refuse the bomb from its header and name it; only the whole load decoded (and so found) the cut file.
    const bomb = /^b\/b-bomb\.png: 8193×8192 = 67,117,056 pixels, more than the 67,108,864 Convas decodes/;
    expect(whole.skipped!.some((s) => bomb.test(s))).toBe(true);
    expect(got.dataset.skipped!.some((s) => bomb.test(s))).toBe(true);
    expect(whole.skipped!.some((s) => s.startsWith('b/b-cut.png: '))).toBe(true);
    expect(got.dataset.skipped!.some((s) => s.startsWith('b/b-cut.png'))).toBe(false);
    expect(got.dataset.skipped!.some((s) => s.startsWith('b/b-notes.png: not a readable image'))).toBe(true);
  });

  it('without a size: the first image sets it, read from its header', async () => {
    const got = await sampleFolder({ dataset: root }, 'test', 1);
    expect(got.dataset.shape).toEqual([3, 4, 6]);
    expect(got.samples.x.length).toBe(3 * 4 * 6);
  });

  it('one answer carries at most MAX_SAMPLE_VALUES: fewer samples, or a message asking for a size', async () => {
    const big = mkdtempSync(join(tmpdir(), 'convas-folder-big-'));
    for (const cls of ['x', 'y']) {
      mkdirSync(join(big, cls));
      for (let i = 0; i < 3; i++) blankPng(join(big, cls, `${i}.png`), 4096, 4096);
    }
    await expect(sampleFolder({ dataset: big, channels: 3 }, 'train', 1)).rejects.toThrow(
      'one 3×4096×4096 sample is 50,331,648 values, more than the 16,777,216 a samples answer carries; ' +
        "ask for the network's input size (channels, height, width)",
    );
    // Grey 4096×4096 is exactly 2^24: one fits, so one comes back of the three asked for.
    const grey = await sampleFolder({ dataset: big, channels: 1 }, 'train', 3);
    expect(grey.samples.count).toBe(1);
    expect(samplesThatFit(100, [3, 224, 224])).toBe(100);
    expect(MAX_SAMPLE_VALUES).toBe(16_777_216);
  });
});
