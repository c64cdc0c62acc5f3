/**
 * Image files in and out, through sharp (libvips, prebuilt in its npm packages). Pixels are 8-bit, interleaved
 * HWC, as image files store them; the datasets turn them into float32 CHW in [0, 1].
 */
import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { atomicWrite } from './files/atomic.ts';

export interface RawImage {
  /** Interleaved rows: pixel (y, x) channel c at (y·width + x)·channels + c. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export interface ReadImageOptions {
  /** 1: grey (ITU-R BT.709 luminance, sharp's `grayscale`); 3: sRGB. Default: 1 for grey files, else 3. */
  channels?: 1 | 3;
  /** Resize to exactly this size (stretching, no crop), when given. Both or neither. */
  height?: number;
  width?: number;
}

/**
 * Decodes a PNG, JPEG (or anything else libvips reads). Transparency is flattened onto black, the MNIST
 * convention (ink is bright on a dark background). Throws an Error naming the file when it cannot be read.
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<RawImage> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new Error(`${path}: no such file`);
  if (st.isDirectory()) throw new Error(`${path}: is a folder, not an image file (PNG or JPEG)`);
  let img = sharp(path, { failOn: 'error' });
  let meta: Metadata;
  try {
    meta = await img.metadata();
  } catch (e) {
    throw new Error(`${path}: not a readable image (${firstLine(e)})`);
  }
  const channels: 1 | 3 = options.channels ?? (meta.space === 'b-w' || (meta.channels ?? 3) <= 2 ? 1 : 3);
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
  const data = toChannels(new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length), width * height, out.info.channels, channels);
  return { data, width, height, channels };
}

/** Writes 8-bit HWC pixels as a PNG, atomically (encoded in memory, then the temp file renamed into place). */
export async function writePng(path: string, data: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Promise<void> {
  if (data.length !== width * height * channels) {
    throw new Error(`writePng ${path}: ${data.length} bytes do not make a ${width}×${height} image with ${channels} channel(s)`);
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

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
