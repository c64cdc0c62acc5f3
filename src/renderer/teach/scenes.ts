/**
 * Built-in images for the playground, drawn by code (no files, no licences): a checkerboard, simple shapes,
 * a line of text, and the curve-detector drawing. Values are 0–255, grey (one channel) except the shapes.
 */
import type { FloatImage } from '../../engine/teach/convolve.ts';
import { CURVE_DRAWING } from '../../engine/teach/curve.ts';
import type { SceneId } from './store.ts';

export const SCENES: readonly SceneId[] = ['checkerboard', 'shapes', 'text', 'curve'];

function checkerboard(size = 64, cell = 8): FloatImage {
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) data[y * size + x] = (Math.floor(y / cell) + Math.floor(x / cell)) % 2 ? 230 : 25;
  return { data, height: size, width: size, channels: 1 };
}

/** Colour shapes on a dark background, drawn pixel by pixel so it looks the same everywhere. */
function shapes(size = 96): FloatImage {
  const data = new Float32Array(size * size * 3);
  const put = (y: number, x: number, rgb: [number, number, number]) => data.set(rgb, (y * size + x) * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      put(y, x, [20, 24, 40]);
      if (x >= 10 && x < 42 && y >= 12 && y < 44) put(y, x, [230, 60, 50]); // square
      if ((x - 68) ** 2 + (y - 28) ** 2 <= 16 ** 2) put(y, x, [60, 200, 90]); // disc
      if (y >= 56 && y < 88 && Math.abs(x - 30) <= (y - 56) * 0.6) put(y, x, [70, 110, 240]); // triangle
      if (Math.abs(y - 72 - (x - 56) * 0.5) < 2.5 && x >= 52 && x < 90) put(y, x, [250, 230, 80]); // diagonal line
    }
  }
  return { data, height: size, width: size, channels: 3 };
}

/** A word rendered with the 2D canvas; grey. */
function text(): FloatImage {
  const width = 128;
  const height = 48;
  const data = new Float32Array(width * height);
  if (typeof document === 'undefined') return { data, height, width, channels: 1 };
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (g) {
    g.fillStyle = '#000';
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#fff';
    g.font = 'bold 30px sans-serif';
    g.textBaseline = 'middle';
    g.fillText('CNN 卷积', 6, height / 2 + 1);
    const px = g.getImageData(0, 0, width, height).data;
    for (let i = 0; i < width * height; i++) data[i] = px[i * 4];
  }
  return { data, height, width, channels: 1 };
}

function curve(): FloatImage {
  const h = CURVE_DRAWING.length;
  const w = CURVE_DRAWING[0].length;
  return { data: Float32Array.from(CURVE_DRAWING.flat()), height: h, width: w, channels: 1 };
}

const cache = new Map<SceneId, FloatImage>();
export function scene(id: SceneId): FloatImage {
  let img = cache.get(id);
  if (!img) {
    img = id === 'checkerboard' ? checkerboard() : id === 'shapes' ? shapes() : id === 'text' ? text() : curve();
    cache.set(id, img);
  }
  return img;
}

/** Decodes a user's PNG/JPEG in the browser into 0–255 HWC (grey if every pixel is grey, else RGB). */
export async function decodeImageFile(file: Blob, maxSide = 256): Promise<FloatImage> {
  const bitmap = await createImageBitmap(file);
  return imageFromSource(bitmap, bitmap.width, bitmap.height, maxSide);
}

/** Pixels of a decoded image (bitmap or <img>), shrunk to fit maxSide, as 0–255 HWC. */
export function imageFromSource(
  bitmap: CanvasImageSource,
  srcWidth: number,
  srcHeight: number,
  maxSide = 256,
): FloatImage {
  const scale = Math.min(1, maxSide / Math.max(srcWidth, srcHeight));
  const width = Math.max(1, Math.round(srcWidth * scale));
  const height = Math.max(1, Math.round(srcHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#000'; // transparency onto black, like the CLI (src/main/images.ts)
  g.fillRect(0, 0, width, height);
  g.drawImage(bitmap, 0, 0, width, height);
  const px = g.getImageData(0, 0, width, height).data;
  let grey = true;
  for (let i = 0; i < width * height && grey; i++) grey = px[i * 4] === px[i * 4 + 1] && px[i * 4] === px[i * 4 + 2];
  const channels = grey ? 1 : 3;
  const data = new Float32Array(width * height * channels);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = px[i * 4 + c];
  return { data, height, width, channels };
}

/** A dataset sample (CHW floats in [0, 1]) as a 0–255 HWC image. */
export function fromSample(pixels: ArrayLike<number>, shape: [number, number, number]): FloatImage {
  const [c, h, w] = shape;
  const data = new Float32Array(h * w * c);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) data[i * c + ch] = pixels[ch * h * w + i] * 255;
  return { data, height: h, width: w, channels: c };
}
