/**
 * Image files in and out, through sharp (libvips, prebuilt in its npm packages). Pixels are 8-bit, interleaved
 * HWC, as image files store them; the datasets turn them into float32 CHW in [0, 1].
 */
import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { atomicWrite } from './files/atomic.ts';

export interface RawImage {
  /** Interleaved rows: pixel (y, x) channel c at (y·width + x)·channels + c. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/**
 * The largest image Convas decodes: 8192 × 8192 = 67,108,864 pixels, past any photo a phone takes (50 MP) and
 * far past any network input (at most 4096 × 4096). An image larger than this is refused from its header,
 * before decoding, naming the file; a decompression bomb (a few kB of PNG that inflates to gigabytes) cannot
 * slip past it either. Dataset images are resized while decoding (libvips shrinks a JPEG on load and streams a
 * PNG through the resize), so what one holds in memory is the size the network uses, not the file's.
 */
export const MAX_IMAGE_PIXELS = 8192 * 8192;

/** An image past the pixel limit: the message names the file, its size and the limit. */
export class ImageTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly width: number,
    readonly height: number,
    readonly limit: number,
  ) {
    super(
      `${path}: ${width}×${height} = ${fmtCount(width * height)} pixels, ` +
        `more than the ${fmtCount(limit)} Convas decodes; make it smaller first`,
    );
  }
}

export interface ReadImageOptions {
  /** 1: grey (ITU-R BT.709 luminance, sharp's `grayscale`); 3: sRGB. Default: 1 for grey files, else 3. */
  channels?: 1 | 3;
  /** Resize to exactly this size (stretching, no crop), when given. Both or neither. */
  height?: number;
  width?: number;
  /** Refuse a file with more pixels than this (default MAX_IMAGE_PIXELS). */
  maxPixels?: number;
}

export interface ImageInfo {
  width: number;
  height: number;
  /** What readImage would deliver without `channels`: 1 for a grey file, else 3. */
  channels: 1 | 3;
}

/** The file's size and channels from its header, without decoding its pixels; refuses it past `maxPixels`. */
export async function readImageInfo(path: string, maxPixels = MAX_IMAGE_PIXELS): Promise<ImageInfo> {
  return (await openImage(path, maxPixels)).info;
}

async function openImage(path: string, maxPixels: number): Promise<{ img: Sharp; info: ImageInfo }> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new Error(`${path}: no such file`);
  if (st.isDirectory()) throw new Error(`${path}: is a folder, not an image file (PNG or JPEG)`);
  let meta: Metadata;
  try {
    // The header only; sharp's own limit would answer a large file with a message that does not say the size.
    meta = await sharp(path, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (e) {
    throw new Error(`${path}: not a readable image (${firstLine(e)})`);
  }
  // As stored (readImage does not apply EXIF orientation), so this is the size readImage delivers unresized.
  const { width, height } = meta;
  if (width * height > maxPixels) throw new ImageTooLargeError(path, width, height, maxPixels);
  // libvips stops at the limit too, should the pixel data disagree with the header.
  const img = sharp(path, { failOn: 'error', limitInputPixels: Math.max(1, Math.floor(maxPixels)) });
  return { img, info: { width, height, channels: meta.space === 'b-w' || (meta.channels ?? 3) <= 2 ? 1 : 3 } };
}

/**
 * Decodes a PNG, JPEG (or anything else libvips reads), at the size asked for: the resize happens while
 * decoding. Transparency is flattened onto black, the MNIST convention (ink is bright on a dark background).
 * Throws an Error naming the file when it cannot be read, and an ImageTooLargeError past `maxPixels`.
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<RawImage> {
  const opened = await openImage(path, options.maxPixels ?? MAX_IMAGE_PIXELS);
  let img = opened.img;
  const channels: 1 | 3 = options.channels ?? opened.info.channels;
  img = img.flatten({ background: { r: 0, g: 0, b: 0 } });
  if (options.width !== undefined || options.height !== undefined) {
    if (!options.width || !options.height) throw new Error('readImage: give both width and height, or neither');
    img = img.resize(options.width, options.height, { fit: 'fill', kernel: 'lanczos3' });
  }
  img = channels === 1 ? img.grayscale() : img.toColourspace('srgb');
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await img.raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new Error(`${path}: not a readable image (${firstLine(e)})`);
  }
  const { width, height } = out.info;
  const data = toChannels(
    new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
    width * height,
    out.info.channels,
    channels,
  );
  return { data, width, height, channels };
}

/** Writes 8-bit HWC pixels as a PNG, atomically (encoded in memory, then the temp file renamed into place). */
export async function writePng(
  path: string,
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
): Promise<void> {
  if (data.length !== width * height * channels) {
    throw new Error(
      `writePng ${path}: ${data.length} bytes do not make a ${width}×${height} image with ${channels} channel(s)`,
    );
  }
  let img = sharp(Buffer.from(data.buffer, data.byteOffset, data.length), { raw: { width, height, channels } });
  // Without this libvips stores one raw band as an RGB PNG.
  if (channels === 1) img = img.toColourspace('b-w');
  await atomicWrite(path, await img.png().toBuffer());
}

/** libvips may hand back an extra alpha band or a grey band for an sRGB request; make it exactly `want`. */
function toChannels(src: Uint8Array, pixels: number, have: number, want: 1 | 3): Uint8Array {
  if (have === want) return src.slice();
  const out = new Uint8Array(pixels * want);
  for (let i = 0; i < pixels; i++) {
    if (want === 1) out[i] = src[i * have];
    else for (let c = 0; c < 3; c++) out[i * 3 + c] = src[i * have + (have >= 3 ? c : 0)];
  }
  return out;
}

const fmtCount = (n: number) => n.toLocaleString('en-US');

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
