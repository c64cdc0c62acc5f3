/** Image decoding limits: the pixel limit read from the header, the size a decode delivers, header-only info. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankPng } from '../../tests/png.ts';
import { ImageTooLargeError, MAX_IMAGE_PIXELS, readImage, readImageInfo, writePng } from './images.ts';

const dir = mkdtempSync(join(tmpdir(), 'convas-images-'));

describe('readImage limits', () => {
  it('refuses an image past MAX_IMAGE_PIXELS from its header, naming the file, before decoding it', async () => {
    const bomb = blankPng(join(dir, 'bomb.png'), 8193, 8192); // 67 MB of pixels in a small file
    const err = await readImage(bomb, { channels: 1, height: 28, width: 28 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect((err as Error).message).toBe(
      `${bomb}: 8193×8192 = 67,117,056 pixels, more than the 67,108,864 Convas decodes; make it smaller first`,
    );
    await expect(readImageInfo(bomb)).rejects.toThrow(ImageTooLargeError);
    // Refused by Convas' own header check, not by libvips partway through decoding ("exceeds pixel limit").
    expect((err as Error).message).not.toMatch(/exceeds/);
    expect(MAX_IMAGE_PIXELS).toBe(8192 * 8192);
  });

  it('takes an image at the limit, and a lower limit when asked', async () => {
    const edge = blankPng(join(dir, 'edge.png'), 8192, 8192);
    expect(await readImageInfo(edge)).toEqual({ width: 8192, height: 8192, channels: 1 });
    const small = await readImage(edge, { height: 4, width: 6 });
    expect([small.width, small.height, small.channels, small.data.length]).toEqual([6, 4, 1, 24]);
    await expect(readImage(edge, { maxPixels: 8192 * 8191 })).rejects.toThrow(
      /8192×8192 = 67,108,864 pixels, more than the 67,100,672/,
    );
  });

  it('readImageInfo gives the size and channels readImage delivers, without decoding', async () => {
    const rgb = join(dir, 'rgb.png');
    await writePng(
      rgb,
      Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => i),
      5,
      3,
      3,
    );
    const info = await readImageInfo(rgb);
    const img = await readImage(rgb);
    expect(info).toEqual({ width: 5, height: 3, channels: 3 });
    expect([img.width, img.height, img.channels]).toEqual([info.width, info.height, info.channels]);
    await expect(readImageInfo(join(dir, 'missing.png'))).rejects.toThrow(`${join(dir, 'missing.png')}: no such file`);
  });
});
