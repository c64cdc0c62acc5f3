/** A few samples of a split (dataset:samples): the same ones every time, spread over the split. */
import { createRng, shuffledIndices } from '../../engine/rng.js';
import { sampleSize, type DataSplit, type Dataset } from '../../engine/datasets/types.js';

export interface DatasetSamples {
  dataset: Omit<Dataset, 'train' | 'test'>;
  /** The picked samples, in pick order. */
  samples: DataSplit;
}

/**
 * The most pixel values one dataset:samples answer carries: 2^24 (16,777,216), sent as JSON numbers (about
 * 170 MB of text at worst). The sample grid's 24 images of a 3×224×224 input are 3.6 million; an image folder
 * asked for samples without a size would otherwise send its photos whole (one 4096×4096 RGB photo: 50 million).
 */
export const MAX_SAMPLE_VALUES = 2 ** 24;

/** How many of `count` samples of `size` values fit in one answer; refuses when not even one does. */
export function samplesThatFit(count: number, shape: [number, number, number]): number {
  const size = shape[0] * shape[1] * shape[2];
  const fit = Math.floor(MAX_SAMPLE_VALUES / size);
  if (fit < 1) {
    throw new Error(
      `one ${shape.join('×')} sample is ${size.toLocaleString('en-US')} values, more than the ` +
        `${MAX_SAMPLE_VALUES.toLocaleString('en-US')} a samples answer carries; ` +
        "ask for the network's input size (channels, height, width)",
    );
  }
  return Math.min(count, fit);
}

/**
 * Which of a split's `total` samples a request for `count` gets: a seeded spread (datasets are stored class by
 * class, so the first samples would all be one class), the same for every call.
 */
export function pickSamples(total: number, count: number): Uint32Array {
  return shuffledIndices(total, createRng(1)).subarray(0, Math.max(0, Math.min(count, total)));
}

/** The picked samples of a loaded dataset, copied out in pick order. */
export function samplesOf(d: Dataset, split: 'train' | 'test', count: number): DatasetSamples {
  const { train, test, ...dataset } = d;
  const s = split === 'train' ? train : test;
  const size = sampleSize(d);
  const pick = pickSamples(s.count, samplesThatFit(count, d.shape));
  const x = s.x instanceof Uint8Array ? new Uint8Array(pick.length * size) : new Float32Array(pick.length * size);
  const y = new Int32Array(pick.length);
  pick.forEach((i, n) => {
    x.set(s.x.subarray(i * size, (i + 1) * size), n * size);
    y[n] = s.y[i];
  });
  return { dataset, samples: { x, y, count: pick.length } };
}
