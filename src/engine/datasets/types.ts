/**
 * What every dataset delivers: NCHW pixels, integer labels, class names. Pixels are stored either as bytes
 * (MNIST, IDX folders, image folders: 1 byte a pixel, a quarter of float32's memory) or as float32 in [0, 1]
 * (shapes, drawn with anti-aliasing); every reader turns them into float32 in [0, 1] per batch (copySamples).
 */

/** count × C × H × W values, sample after sample, each in CHW order: bytes 0–255, or float32 in [0, 1]. */
export type Pixels = Uint8Array | Float32Array;

export interface DataSplit<P extends Pixels = Pixels> {
  x: P;
  /** count labels, each in [0, classes.length). */
  y: Int32Array;
  count: number;
}

export interface Dataset<P extends Pixels = Pixels> {
  /** The built-in dataset's name, or the folder's path. */
  id: string;
  name: string;
  /** [C, H, W] of one sample. */
  shape: [number, number, number];
  classes: string[];
  train: DataSplit<P>;
  test: DataSplit<P>;
  /** Files a folder dataset could not read, each with the reason. */
  skipped?: string[];
}

export const sampleSize = (d: Pick<Dataset, 'shape'>) => d.shape[0] * d.shape[1] * d.shape[2];

/** A view of samples `start … start+count−1` of a split (no copy). */
export function sliceSplit(s: DataSplit, size: number, start: number, count: number): DataSplit {
  return { x: s.x.subarray(start * size, (start + count) * size), y: s.y.subarray(start, start + count), count };
}

/**
 * Copies samples `indices` of `x` (each `size` values) into `out`, one after another, as float32 in [0, 1]: a
 * byte b becomes b / 255 (torchvision's ToTensor), float32 pixels are copied as they are.
 */
export function copySamples(x: Pixels, size: number, indices: ArrayLike<number>, out: Float32Array): void {
  for (let s = 0; s < indices.length; s++) {
    const from = indices[s] * size;
    if (x instanceof Float32Array) {
      out.set(x.subarray(from, from + size), s * size);
      continue;
    }
    const at = s * size;
    for (let k = 0; k < size; k++) out[at + k] = x[from + k] / 255;
  }
}

/** Samples `start … start+count−1` as a fresh float32 array in [0, 1]. */
export function samplesAsFloats(x: Pixels, size: number, start: number, count: number): Float32Array {
  if (x instanceof Float32Array) return x.slice(start * size, (start + count) * size);
  const out = new Float32Array(count * size);
  for (let k = 0; k < out.length; k++) out[k] = x[start * size + k] / 255;
  return out;
}
