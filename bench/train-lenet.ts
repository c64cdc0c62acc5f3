/**
 * Training speed of LeNet-5 at batch 64 on random 1×28×28 data, samples per second, for Convas on 1 and 2
 * threads, for a plain single-threaded JS LeNet-5 (bench/peers/plainLenet.ts) and for TensorFlow.js on its CPU
 * backend (bench/peers/tfjsLenet.ts), all measured in this run, plus the ratios. Run: `npm run bench:train` (or
 * `npx tsx bench/train-lenet.ts [seconds per measurement]`).
 *
 * Each system trains for a warm-up, then for a fixed time; the best of two rounds is reported, since other
 * processes on a shared machine can only slow a round down.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { createRng } from '../src/engine/rng.js';
import { Model } from '../src/engine/train/model.js';
import { createOptimizer } from '../src/engine/train/optimizers.js';
import { gather, type TrainHooks } from '../src/engine/train/trainer.js';
import { initWeights } from '../src/engine/weights.js';
import { shareSplit, shareWeights } from '../src/main/training/atomicsProtocol.js';
import { startHelpers } from '../src/main/training/engineParallel.js';
import { PlainLenet } from './peers/plainLenet.js';
import { tfjsLenet } from './peers/tfjsLenet.js';

const BATCH = 64;
const SAMPLES = 2048;
const seconds = Number(process.argv[2] ?? 4);

const loaded = loadDocument(readFileSync(new URL('../resources/examples/lenet5.json', import.meta.url), 'utf8'));
if (!loaded.ok) throw new Error(loaded.error);
const doc: GraphDocument = loaded.document;
const rng = createRng(7);
const data = {
  x: new Float32Array(SAMPLES * 784).map(() => rng.next()),
  y: new Int32Array(SAMPLES).map(() => rng.int(10)),
  count: SAMPLES,
};

/** Runs `step` on successive batches for `seconds` after `warm` batches; samples per second. */
function measure(step: (batch: number) => void, warm = 3): number {
  for (let b = 0; b < warm; b++) step(b);
  const t0 = performance.now();
  let b = 0;
  while (performance.now() - t0 < seconds * 1000) step(b++);
  return (b * BATCH) / ((performance.now() - t0) / 1000);
}

function batchIndices(b: number): Uint32Array {
  const start = (b * BATCH) % (SAMPLES - BATCH);
  return Uint32Array.from({ length: BATCH }, (_, i) => start + i);
}

function plain(): number {
  const net = new PlainLenet(1);
  const xb = new Float32Array(BATCH * 784);
  const yb = new Int32Array(BATCH);
  return measure((b) => {
    gather(data, 784, batchIndices(b), xb, yb);
    net.trainBatch(xb, yb, BATCH, 0.01);
  });
}

async function convas(threads: number): Promise<number> {
  const a = analyze(doc);
  const init = initWeights(a, 1);
  const weights = threads > 1 ? shareWeights(init) : init;
  const split = threads > 1 ? shareSplit(data) : data;
  const model = new Model(doc, a, weights);
  const opt = createOptimizer({ name: 'sgd', lr: 0.01 }, model.slots);
  const settings = {
    dataset: 'random',
    epochs: 1,
    batchSize: BATCH,
    optimizer: 'sgd' as const,
    lr: 0.01,
    momentum: 0,
    weightDecay: 0,
    seed: 1,
    valSplit: 0,
  };
  const helpers = threads > 1 ? await startHelpers(model, doc, split, settings, threads - 1) : null;
  const xb = new Float32Array(BATCH * 784);
  const yb = new Int32Array(BATCH);
  const gradients: NonNullable<TrainHooks['gradients']> =
    helpers?.gradients ??
    ((idx) => {
      gather(split, 784, idx, xb, yb);
      return model.lossAndGrads(xb, yb, BATCH);
    });
  const sps = measure((b) => {
    model.zeroGrads();
    gradients(batchIndices(b));
    opt.step();
  });
  helpers?.close();
  return sps;
}

/** TensorFlow.js trains a batch in seconds, so one warm-up batch and at least one timed batch. */
async function tfjs(): Promise<number> {
  const net = await tfjsLenet();
  const xb = new Float32Array(BATCH * 784);
  const yb = new Int32Array(BATCH);
  const step = async (b: number) => {
    gather(data, 784, batchIndices(b), xb, yb);
    await net.trainBatch(xb, yb, BATCH);
  };
  await step(0);
  const t0 = performance.now();
  let b = 1;
  do await step(b++);
  while (performance.now() - t0 < seconds * 1000);
  net.dispose();
  return ((b - 1) * BATCH) / ((performance.now() - t0) / 1000);
}

const best = { plain: 0, convas1: 0, convas2: 0, tfjs: await tfjs() };
for (let round = 0; round < 2; round++) {
  best.plain = Math.max(best.plain, plain());
  best.convas1 = Math.max(best.convas1, await convas(1));
  best.convas2 = Math.max(best.convas2, await convas(2));
}
const f = (v: number) => Math.round(v).toLocaleString('en-US').padStart(7);
console.log(
  `LeNet-5 training, batch ${BATCH}, random data, best of 2 rounds of ${seconds} s ` +
    `(load average ${loadavg()[0].toFixed(2)})`,
);
console.log(`  TensorFlow.js 4.22 (CPU)  ${f(best.tfjs)} samples/s  (one round)`);
console.log(
  `  plain single-threaded JS  ${f(best.plain)} samples/s  ${(best.plain / best.tfjs).toFixed(1)}× TensorFlow.js`,
);
console.log(
  `  Convas, 1 thread          ${f(best.convas1)} samples/s  ${(best.convas1 / best.plain).toFixed(2)}× plain`,
);
console.log(
  `  Convas, 2 threads         ${f(best.convas2)} samples/s  ${(best.convas2 / best.plain).toFixed(2)}× plain  ` +
    `(${(best.convas2 / best.convas1).toFixed(2)}× 1 thread, ${Math.round(best.convas2 / best.tfjs)}× TensorFlow.js)`,
);
