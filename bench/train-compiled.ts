/**
 * Compiled training speed: LeNet-5 (resources/examples/lenet5.json) at batch 64 on random 1×28×28 data, samples
 * per second for the compiled backend on onnxruntime's CPU provider as training runs it (with two or more
 * threads, its data-parallel step: one session per thread on a share of each batch, src/main/compiled/parallel.ts;
 * with one, the training-step graph), against a hand-written onnxruntime LeNet-5 training graph
 * (bench/peers/ortLenet5.ts) on the same threads as intra-op threads, the compiled graph in one session on them,
 * and the TypeScript engine on one thread, all measured in this run, plus the ratios.
 * Then the compiled graph at other batch sizes, and the share of a step spent outside session.run.
 *
 * Run: `npm run bench:compiled` (or `npx tsx bench/train-compiled.ts [seconds per measurement] [threads]`).
 * The systems alternate in short blocks of steps and each is scored by its median step time (see interleaved).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { analyze } from '../src/engine/analyze.js';
import type { GraphOptions } from '../src/engine/compile/index.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { createRng } from '../src/engine/rng.js';
import { Model } from '../src/engine/train/model.js';
import { createOptimizer } from '../src/engine/train/optimizers.js';
import { initWeights } from '../src/engine/weights.js';
import { DataParallelStep } from '../src/main/compiled/parallel.js';
import { CompiledTrainer, graphDefaults } from '../src/main/compiled/runtime.js';
import { PEER_PARAMS, peerLenet5Model } from './peers/ortLenet5.js';

const SAMPLES = 4096;
const seconds = Number(process.argv[2] ?? 3);
const threads = Number(process.argv[3] ?? availableParallelism());

const loaded = loadDocument(readFileSync(new URL('../resources/examples/lenet5.json', import.meta.url), 'utf8'));
if (!loaded.ok) throw new Error(loaded.error);
const doc: GraphDocument = loaded.document;
const rng = createRng(7);
const xs = new Float32Array(SAMPLES * 784).map(() => rng.next());
const ys = new Int32Array(SAMPLES).map(() => rng.int(10));

type Step = (x: Float32Array, y: Int32Array) => Promise<void>;

function batchAt(batch: number, b: number) {
  const k = b % (SAMPLES / batch);
  return [xs.subarray(k * batch * 784, (k + 1) * batch * 784), ys.subarray(k * batch, (k + 1) * batch)] as const;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * Alternates the systems in blocks of steps for `seconds` each, timing every step, and returns each system's
 * samples per second from its median step time: on a shared machine all see the same load, and the median
 * ignores steps another process interrupted. Blocks, not single steps, a pause before each block and the first
 * two steps of a block not counted: onnxruntime's pool threads spin for a while after a run, and a session that
 * ran just before would otherwise compete with the one being timed.
 */
async function interleaved(batch: number, systems: Step[], block = 8): Promise<number[]> {
  const times: number[][] = systems.map(() => []);
  const cpu: number[][] = systems.map(() => []);
  for (let b = 0; b < 3; b++) for (const s of systems) await s(...batchAt(batch, b));
  const t0 = performance.now();
  for (let b = 0; performance.now() - t0 < seconds * 1000 * systems.length;) {
    for (let i = 0; i < systems.length; i++) {
      // A pause (not timed) lets the previous session's pool threads stop spinning before this block.
      await new Promise((r) => setTimeout(r, 20));
      for (let k = 0; k < block; k++, b++) {
        const t = performance.now();
        const c = process.cpuUsage();
        await systems[i](...batchAt(batch, b));
        const used = process.cpuUsage(c);
        if (k >= 2) {
          times[i].push(performance.now() - t);
          cpu[i].push((used.user + used.system) / 1000);
        }
      }
    }
  }
  lastCpu = cpu.map((t) => (batch * 1000) / median(t));
  return times.map((t) => (batch * 1000) / median(t));
}

/**
 * Samples per CPU-second of the last interleaved() call, from the process's CPU time per step: with one
 * intra-op thread (no spinning pool threads) it is the work a step takes, whatever else the machine runs.
 */
let lastCpu: number[] = [];

async function compiledTrainer(graph: GraphOptions = {}): Promise<CompiledTrainer> {
  return CompiledTrainer.create(doc, initWeights(analyze(doc), 1), {
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9 },
    provider: 'cpu',
    threads,
    graph,
  });
}

async function peer(): Promise<Step> {
  const session = await ort.InferenceSession.create(peerLenet5Model(), {
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
  });
  const r = createRng(1);
  const state: Record<string, ort.Tensor> = {};
  for (const [name, shape] of PEER_PARAMS) {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length === 4 ? shape[1] * shape[2] * shape[3] : shape[0];
    state[name] = new ort.Tensor(
      'float32',
      new Float32Array(n).map(() => (shape.length > 1 ? r.normal() * Math.sqrt(2 / fanIn) : 0)),
      shape,
    );
    state[`v_${name}`] = new ort.Tensor('float32', new Float32Array(n), shape);
  }
  const lr = new ort.Tensor('float32', new Float32Array([0.01]), []);
  return async (x, y) => {
    const labels = new BigInt64Array(y.length);
    for (let i = 0; i < y.length; i++) labels[i] = BigInt(y[i]);
    const out = await session.run({
      ...state,
      x: new ort.Tensor('float32', x, [y.length, 1, 28, 28]),
      labels: new ort.Tensor('int64', labels, [y.length]),
      lr,
    });
    for (const [name] of PEER_PARAMS) {
      state[name] = out[`${name}_next`] as ort.Tensor;
      state[`v_${name}`] = out[`v_${name}_next`] as ort.Tensor;
    }
  };
}

/** The pure-TypeScript engine, one thread (bench/train-lenet.ts measures its data-parallel form). */
function engineStep(): Step {
  const a = analyze(doc);
  const model = new Model(doc, a, initWeights(a, 1));
  const opt = createOptimizer({ name: 'sgd', lr: 0.01, momentum: 0.9 }, model.slots);
  return async (x, y) => {
    model.zeroGrads();
    model.lossAndGrads(x, y, y.length);
    opt.step();
  };
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(
  `LeNet-5 training, batch 64, onnxruntime CPU provider, ${threads} intra-op threads; ` +
    `load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`,
);

const trainer = await compiledTrainer();
const variants: [string, CompiledTrainer][] = [
  ['max-pool indices, relu in place', await compiledTrainer({ maxPoolRoute: 'indices', fuseRelu: false })],
  ['mask route, relu after pool', await compiledTrainer({ maxPoolRoute: 'mask', fuseRelu: true })],
  ['rank + MaxUnpool, relu after pool', await compiledTrainer({ maxPoolRoute: 'unpool', fuseRelu: true })],
  ['rank + MaxUnpool, relu in place', await compiledTrainer({ maxPoolRoute: 'unpool', fuseRelu: false })],
  ['conv dW by per-offset GEMMs only', await compiledTrainer({ convWeightGrad: 'offsets' })],
];
const stepOf =
  (t: CompiledTrainer): Step =>
  async (x, y) =>
    void (await t.step(x, y, y.length));
// Data-parallel: the batch's samples by index into a shared copy of the same random data.
const split = {
  x: new Float32Array(new SharedArrayBuffer(xs.byteLength)),
  y: new Int32Array(new SharedArrayBuffer(ys.byteLength)),
  count: SAMPLES,
};
split.x.set(xs);
split.y.set(ys);
const parallelTrainer = await compiledTrainer();
const parallel =
  threads > 1
    ? await DataParallelStep.start(doc, parallelTrainer, split, { name: 'sgd', lr: 0.01, momentum: 0.9 }, 256, threads)
    : null;
if (parallel && !(parallel instanceof DataParallelStep))
  throw new Error(`data-parallel step unavailable: ${parallel.blocked}`);
const parallelStep: Step = async (x, y) => {
  const start = (x.byteOffset / 4 / 784) | 0;
  await parallel!.step(Uint32Array.from({ length: y.length }, (_, i) => start + i));
};
// The systems, in the order they run in each round. The engine runs last: after its JS block no onnxruntime
// pool is still spinning, which would otherwise favour whichever session follows it.
const systems: [string, Step][] = [
  [
    parallel ? `compiled, data-parallel over ${threads} threads` : 'compiled graph (default)',
    parallel ? parallelStep : stepOf(trainer),
  ],
  ['hand-written peer', await peer()],
  ...(parallel ? [[`compiled, one session, ${threads} intra-op threads`, stepOf(trainer)] as [string, Step]] : []),
  ...variants.map(([label, t]) => [`  variant: ${label}`, stepOf(t)] as [string, Step]),
  ['engine (TypeScript, 1 thread)', engineStep()],
];
const measured = await interleaved(
  64,
  systems.map(([, s]) => s),
);
const [compiled, handWritten] = measured;
const engine = measured[measured.length - 1];
const nodes = (t: CompiledTrainer) => Object.values(t.compiled.ops).reduce((a, b) => a + b, 0);
const notes = [
  parallel
    ? `one session per thread, each with the choices for 1 thread: ${JSON.stringify(graphDefaults('cpu', 1))}`
    : `${nodes(trainer)} nodes; choices for ${threads} thread${threads > 1 ? 's' : ''}: ` +
      `${JSON.stringify(graphDefaults('cpu', threads))}`,
  'no exact max-pool tie-break',
];
systems.forEach(([label], i) => {
  const variant = variants.find(([v]) => label === `  variant: ${v}`);
  const note =
    i < 2
      ? notes[i]
      : variant
        ? `${nodes(variant[1])} nodes`
        : parallel && i === 2
          ? `${nodes(trainer)} nodes; choices for ${threads} threads: ${JSON.stringify(graphDefaults('cpu', threads))}`
          : '';
  console.log(
    `${label.padEnd(46)} ${fmt(measured[i]).padStart(7)} samples/s, ` +
      `${fmt(lastCpu[i]).padStart(6)} per CPU-second${note ? `  (${note})` : ''}`,
  );
});
console.log(
  `ratio compiled/peer          ${(compiled / handWritten).toFixed(2)}  ` +
    `(per CPU-second ${(lastCpu[0] / lastCpu[1]).toFixed(2)}; process CPU time per step` +
    `${threads > 1 ? ', including pool threads spinning' : ''})`,
);
console.log(`ratio compiled/engine        ${(compiled / engine).toFixed(2)}`);
for (const [, t] of variants) await t.release();
await parallel?.close();
await parallelTrainer.release();
const t = trainer.timing;
console.log(
  `outside session.run          ${((100 * t.feedMs) / (t.feedMs + t.runMs)).toFixed(1)}% ` +
    `of step time (feeds: labels, masks)`,
);
const copy = await trainer.copyCost(64);
console.log(
  `copy probe (${trainer.provider})            ${copy.ms.toFixed(3)} ms per step ` +
    `for ${(copy.bytes / 1e6).toFixed(2)} MB = ${((100 * copy.ms) / (t.runMs / t.steps)).toFixed(1)}% of a step`,
);

console.log('batch size (compiled, samples/s, interleaved with batch 64):');
for (const batch of [16, 32, 128, 256]) {
  const other = await compiledTrainer();
  const [v, ref] = await interleaved(batch, [
    stepOf(other),
    async (x, y) => {
      // the batch-64 reference on the same slice of data, so both see the same load
      for (let o = 0; o < y.length; o += 64)
        await trainer.step(
          x.subarray(o * 784, Math.min(y.length, o + 64) * 784),
          y.subarray(o, Math.min(y.length, o + 64)),
          Math.min(64, y.length - o),
        );
    },
  ]);
  console.log(`  batch ${String(batch).padStart(3)}: ${fmt(v)}  (batch 64 meanwhile: ${fmt(ref)})`);
  await other.release();
}
await trainer.release();
