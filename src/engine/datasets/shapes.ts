/**
 * `shapes`: a seeded, procedurally drawn dataset of five classes — vertical, horizontal and diagonal lines,
 * circles and squares — with position/size jitter and background noise, at any size, grey or colour. Strokes are
 * anti-aliased by distance (a pixel's value falls off linearly over one pixel from the stroke's edge), so small
 * images stay clean. It is instant to make and small enough that a first conv layer visibly learns line detectors.
 */
import { createRng, type Rng } from '../rng.js';
import type { DataSplit, Dataset } from './types.js';

export const SHAPE_CLASSES = ['vertical', 'horizontal', 'diagonal', 'circle', 'square'] as const;

export interface ShapesOptions {
  height?: number;
  width?: number;
  channels?: 1 | 3;
  trainCount?: number;
  testCount?: number;
  seed?: number;
  /** Largest uniform background noise, in [0, 1). */
  noise?: number;
}

export function makeShapes(options: ShapesOptions = {}): Dataset<Float32Array> {
  const { height = 28, width = 28, channels = 1, trainCount = 2000, testCount = 500, seed = 1, noise = 0.15 } = options;
  if (!(height >= 8 && width >= 8))
    throw new Error(`shapes: images must be at least 8×8 pixels, not ${height}×${width}`);
  if (channels !== 1 && channels !== 3) throw new Error(`shapes: channels must be 1 or 3, not ${channels}`);
  // Train and test come from different streams of the same seed, so they never share a drawing.
  const train = drawSplit(trainCount, height, width, channels, noise, createRng(seed * 2 + 1));
  const test = drawSplit(testCount, height, width, channels, noise, createRng(seed * 2 + 2));
  return { id: 'shapes', name: 'Shapes', shape: [channels, height, width], classes: [...SHAPE_CLASSES], train, test };
}

function drawSplit(
  count: number,
  h: number,
  w: number,
  channels: number,
  noise: number,
  rng: Rng,
): DataSplit<Float32Array> {
  const size = channels * h * w;
  const x = new Float32Array(count * size);
  const y = new Int32Array(count);
  const plane = new Float32Array(h * w);
  for (let i = 0; i < count; i++) {
    const label = i % SHAPE_CLASSES.length;
    y[i] = label;
    drawShape(plane, label, h, w, rng);
    // Colour: each channel gets its own brightness, at least 0.5, so a grey copy still shows the shape.
    const ink = Array.from({ length: channels }, () => 0.5 + 0.5 * rng.next());
    for (let c = 0; c < channels; c++) {
      const out = x.subarray(i * size + c * h * w, i * size + (c + 1) * h * w);
      for (let p = 0; p < h * w; p++) out[p] = Math.min(1, plane[p] * ink[c] + noise * rng.next());
    }
  }
  return { x, y, count };
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function drawShape(out: Float32Array, label: number, h: number, w: number, rng: Rng): void {
  const s = Math.min(h, w);
  const half = Math.max(0.5, s / 28); // half the stroke width: 1 px strokes at 28×28
  const between = (a: number, b: number) => a + (b - a) * rng.next();
  let dist: (x: number, y: number) => number;
  switch (label) {
    case 0: {
      const cx = between(0.2, 0.8) * w;
      const len = between(0.45, 0.85) * h;
      const y0 = between(0.05 * h, 0.95 * h - len);
      dist = (x, y) => segmentDistance(x, y, cx, y0, cx, y0 + len);
      break;
    }
    case 1: {
      const cy = between(0.2, 0.8) * h;
      const len = between(0.45, 0.85) * w;
      const x0 = between(0.05 * w, 0.95 * w - len);
      dist = (x, y) => segmentDistance(x, y, x0, cy, x0 + len, cy);
      break;
    }
    case 2: {
      // Either diagonal, "\" or "/", at 45° ± a little.
      const len = between(0.4, 0.7) * s;
      const cx = between(0.3, 0.7) * w;
      const cy = between(0.3, 0.7) * h;
      const angle = (rng.next() < 0.5 ? Math.PI / 4 : (3 * Math.PI) / 4) + between(-0.12, 0.12);
      const ex = (Math.cos(angle) * len) / 2;
      const ey = (Math.sin(angle) * len) / 2;
      dist = (x, y) => segmentDistance(x, y, cx - ex, cy - ey, cx + ex, cy + ey);
      break;
    }
    case 3: {
      const r = between(0.15, 0.32) * s;
      const cx = between(r + 1, w - r - 1);
      const cy = between(r + 1, h - r - 1);
      dist = (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r);
      break;
    }
    default: {
      const a = between(0.15, 0.32) * s; // half the side
      const cx = between(a + 1, w - a - 1);
      const cy = between(a + 1, h - a - 1);
      dist = (x, y) => {
        const qx = Math.abs(x - cx) - a;
        const qy = Math.abs(y - cy) - a;
        // Signed distance of an axis-aligned box (Quilez), then its magnitude: the outline.
        const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
        return Math.abs(outside + Math.min(Math.max(qx, qy), 0));
      };
    }
  }
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      // Pixel centres at +0.5: a pixel is fully on within `half` of the stroke and fades out over one pixel.
      const d = dist(px + 0.5, py + 0.5);
      out[py * w + px] = Math.max(0, Math.min(1, half + 0.5 - d));
    }
  }
}
