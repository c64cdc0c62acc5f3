/** What every dataset delivers: float32 NCHW pixels in [0, 1], integer labels, class names. */

export interface DataSplit {
  /** count × C × H × W values, sample after sample, each in CHW order. */
  x: Float32Array;
  /** count labels, each in [0, classes.length). */
  y: Int32Array;
  count: number;
}

export interface Dataset {
  /** "mnist", "shapes", or the folder's path. */
  id: string;
  name: string;
  /** [C, H, W] of one sample. */
  shape: [number, number, number];
  classes: string[];
  train: DataSplit;
  test: DataSplit;
  /** Files a folder dataset could not read, each with the reason. */
  skipped?: string[];
}

export const sampleSize = (d: Pick<Dataset, 'shape'>) => d.shape[0] * d.shape[1] * d.shape[2];

/** A view of samples `start … start+count−1` of a split (no copy). */
export function sliceSplit(s: DataSplit, size: number, start: number, count: number): DataSplit {
  return { x: s.x.subarray(start * size, (start + count) * size), y: s.y.subarray(start, start + count), count };
}
