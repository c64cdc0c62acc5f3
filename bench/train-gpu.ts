/**
 * Compiled training throughput per onnxruntime provider, for scripts/gpu-train-check.sh: a network of
 * 64-channel 3×3 convolutions on 64×64 RGB inputs, trained at batch 256 (SGD with momentum) on random data.
 * For every provider asked for it prints one JSON line: the provider that actually ran (and why another was
 * skipped), samples/s, the step time, and the host↔device copy share (onnxruntime-node has no CUDA IO binding,
 * so θ, the optimizer state and the batch cross the bus every step; measured with the copy probe, runtime.ts).
 * Then, for each GPU provider that started, one step against the CPU's from the same weights (parity), the
 * GPU/CPU ratio, and a batch-size sweep.
 *
 *   npx tsx bench/train-gpu.ts [--providers cpu,cuda,webgpu] [--batch 256] [--seconds 10] [--sweep 64,128,512]
 *
 * A provider that cannot start is reported, never fatal; the CPU measurement is capped at a few steps because
 * one CPU step of this network takes seconds.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { analyze } from '../src/engine/analyze.js';
import { compileTrainingStep } from '../src/engine/compile/index.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphNode } from '../src/engine/document.js';
import { createRng } from '../src/engine/rng.js';
import { initWeights } from '../src/engine/weights.js';
import { DataParallelStep } from '../src/main/compiled/parallel.js';
import { CompiledTrainer } from '../src/main/compiled/runtime.js';
import type { Provider } from '../src/shared/api.js';

const { values } = parseArgs({
  options: {
    providers: { type: 'string', default: 'cpu,cuda,webgpu' },
    batch: { type: 'string', default: '256' },
    seconds: { type: 'string', default: '10' },
    sweep: { type: 'string', default: '64,128,512' },
  },
});
const BATCH = Number(values.batch);
const SECONDS = Number(values.seconds);

/** 3×64×64 → [conv 64@3×3 same relu] ×2 → maxpool 2 → [conv 64@3×3 same relu] ×2 → maxpool 2 → GAP → dense 10. */
export function gpuNet(): GraphDocument {
  const conv = (id: string): GraphNode => ({
    id,
    kind: 'conv2d',
    params: { filters: 64, kernelSize: 3, stride: 1, padding: 'same', useBias: true, activation: 'relu' },
  });
  const pool = (id: string): GraphNode => ({
    id,
    kind: 'maxPool2d',
    params: { poolSize: 2, stride: null, padding: 'valid' },
  });
  const nodes: GraphNode[] = [
    { id: 'in', kind: 'input', params: { channels: 3, height: 64, width: 64 } },
    conv('c1'),
    conv('c2'),
    pool('p1'),
    conv('c3'),
    conv('c4'),
    pool('p2'),
    { id: 'gap', kind: 'globalAvgPool2d', params: {} },
    { id: 'out', kind: 'dense', params: { units: 10, useBias: true, activation: 'softmax' } },
  ];
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'gpu-check 64-channel 3×3',
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i].id, target: n.id })),
  };
}

const doc = gpuNet();
const a = analyze(doc);
if (a.errors.length) throw new Error(a.errors.map((e) => e.message).join('; '));
const rng = createRng(3);
const SAMPLE = 3 * 64 * 64;

interface Measured {
  requested: string;
  provider: string;
  fallbackReason: string | null;
  batch: number;
  samplesPerSecond: number;
  stepMs: number;
  copyMs: number;
  copyShare: number;
  steps: number;
  gflopPerSecond: number;
}

/** Multiply-accumulates of one training step per sample: forward, input gradient and weight gradient. */
const trainFlopsPerSample = 3 * 2 * a.totalMacs;

async function measure(requested: Provider, batch: number, seconds: number, maxSteps: number): Promise<Measured> {
  const x = new Float32Array(batch * SAMPLE).map(() => rng.next());
  const y = Int32Array.from({ length: batch }, () => rng.int(10));
  const t = await CompiledTrainer.create(doc, initWeights(a, 1), {
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9 },
    provider: requested,
    threads: availableParallelism(),
  });
  try {
    // A GPU provider that fell back: say so and do not spend the GPU machine's time training on its CPU.
    if (requested !== 'cpu' && t.provider === 'cpu')
      return {
        requested,
        provider: 'cpu',
        fallbackReason: t.fallbackReason,
        batch,
        samplesPerSecond: NaN,
        stepMs: NaN,
        copyMs: NaN,
        copyShare: NaN,
        steps: 0,
        gflopPerSecond: NaN,
      };
    await t.step(x, y, batch); // warm-up: first-run allocations, cuDNN algorithm search
    await t.step(x, y, batch);
    const t0 = performance.now();
    let steps = 0;
    while (steps < maxSteps && (steps < 2 || performance.now() - t0 < seconds * 1000)) {
      await t.step(x, y, batch);
      steps++;
    }
    const stepMs = (performance.now() - t0) / steps;
    const copy = await t.copyCost(batch, 5);
    return {
      requested,
      provider: t.provider,
      fallbackReason: t.fallbackReason,
      batch,
      samplesPerSecond: (batch * 1000) / stepMs,
      stepMs,
      copyMs: copy.ms,
      copyShare: copy.ms / stepMs,
      steps,
      gflopPerSecond: (trainFlopsPerSample * batch) / stepMs / 1e6,
    };
  } finally {
    await t.release();
  }
}

/**
 * The CPU as training runs it with several cores: the data-parallel step (one session per core on a share of
 * the batch, src/main/compiled/parallel.ts), which can beat one session's intra-op threads; the GPU ratio is
 * taken against the faster of the two CPU figures.
 */
async function measureCpuParallel(batch: number, maxSteps: number): Promise<Measured | null> {
  const threads = availableParallelism();
  if (threads < 2) return null;
  const split = {
    x: new Float32Array(new SharedArrayBuffer(batch * SAMPLE * 4)),
    y: new Int32Array(new SharedArrayBuffer(batch * 4)),
    count: batch,
  };
  for (let i = 0; i < split.x.length; i++) split.x[i] = rng.next();
  for (let i = 0; i < batch; i++) split.y[i] = rng.int(10);
  const optimizer = { name: 'sgd' as const, lr: 0.01, momentum: 0.9 };
  const t = await CompiledTrainer.create(doc, initWeights(a, 1), { optimizer, provider: 'cpu', threads });
  const p = await DataParallelStep.start(doc, t, split, optimizer, batch, threads);
  try {
    if (!(p instanceof DataParallelStep)) return null;
    const idx = Uint32Array.from({ length: batch }, (_, i) => i);
    await p.step(idx);
    const t0 = performance.now();
    let steps = 0;
    while (steps < maxSteps) {
      await p.step(idx);
      steps++;
    }
    const stepMs = (performance.now() - t0) / steps;
    return {
      requested: `cpu, data-parallel over ${threads} threads`,
      provider: 'cpu',
      fallbackReason: null,
      batch,
      samplesPerSecond: (batch * 1000) / stepMs,
      stepMs,
      copyMs: 0,
      copyShare: 0,
      steps,
      gflopPerSecond: (trainFlopsPerSample * batch) / stepMs / 1e6,
    };
  } finally {
    if (p instanceof DataParallelStep) await p.close();
    await t.release();
  }
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const results: Measured[] = [];
for (const p of values.providers!.split(',').map((s) => s.trim()) as Provider[]) {
  try {
    const m = await measure(p, BATCH, SECONDS, p === 'cpu' ? 3 : 1000);
    if (m.steps === 0) {
      console.log(
        JSON.stringify({
          requested: p,
          provider: m.provider,
          fallbackReason: m.fallbackReason,
          skipped: 'fell back to the CPU provider; not measured again',
        }),
      );
      continue;
    }
    results.push(m);
    console.log(
      JSON.stringify({
        ...m,
        samplesPerSecond: round(m.samplesPerSecond, 1),
        stepMs: round(m.stepMs),
        copyMs: round(m.copyMs),
        copyShare: round(m.copyShare, 3),
        gflopPerSecond: round(m.gflopPerSecond, 1),
      }),
    );
  } catch (e) {
    console.log(JSON.stringify({ requested: p, error: (e as Error).message }));
  }
}
if (results.some((r) => r.requested === 'cpu')) {
  try {
    const m = await measureCpuParallel(BATCH, 3);
    if (m) {
      results.push(m);
      console.log(
        JSON.stringify({
          ...m,
          samplesPerSecond: round(m.samplesPerSecond, 1),
          stepMs: round(m.stepMs),
          gflopPerSecond: round(m.gflopPerSecond, 1),
        }),
      );
    }
  } catch (e) {
    console.log(JSON.stringify({ requested: 'cpu, data-parallel', error: (e as Error).message }));
  }
}
// The CPU figure GPUs are compared with: the faster of one session and the data-parallel step.
const cpu = results
  .filter((r) => r.provider === 'cpu' && r.requested.startsWith('cpu'))
  .sort((p, q) => q.samplesPerSecond - p.samplesPerSecond)[0];

/**
 * One step from the same weights and batch on a GPU provider and on the CPU: the loss and θ after the update
 * should agree to float rounding (looser where the GPU computes convolutions in TF32, as cuDNN may).
 */
async function parity(provider: Provider): Promise<void> {
  const batch = 16;
  const x = new Float32Array(batch * SAMPLE).map(() => rng.next());
  const y = Int32Array.from({ length: batch }, () => rng.int(10));
  const opts = { optimizer: { name: 'sgd' as const, lr: 0.01, momentum: 0.9 }, threads: availableParallelism() };
  const [g, c] = [
    await CompiledTrainer.create(doc, initWeights(a, 5), { ...opts, provider }),
    await CompiledTrainer.create(doc, initWeights(a, 5), { ...opts, provider: 'cpu' }),
  ];
  try {
    const [rg, rc] = [await g.step(x, y, batch), await c.step(x, y, batch)];
    const [wg, wc] = [g.weights(), c.weights()];
    let worst = 0;
    for (const id of Object.keys(wc)) {
      for (const name of Object.keys(wc[id])) {
        const before = initWeights(a, 5)[id][name];
        let diff = 0;
        let step = 0;
        for (let i = 0; i < before.length; i++) {
          diff = Math.max(diff, Math.abs(wg[id][name][i] - wc[id][name][i]));
          step = Math.max(step, Math.abs(wc[id][name][i] - before[i]));
        }
        worst = Math.max(worst, diff / Math.max(step, 1e-12));
      }
    }
    console.log(
      JSON.stringify({
        parity: g.provider,
        lossCpu: rc.loss,
        lossGpu: rg.loss,
        lossRelDiff: Math.abs(rg.loss - rc.loss) / Math.abs(rc.loss),
        updateRelDiff: worst,
      }),
    );
  } finally {
    await g.release();
    await c.release();
  }
}
/**
 * Experiment, WebGPU only: θ and the optimizer state left on the device between steps (preferredOutputLocation
 * 'gpu-buffer', the outputs fed back as the next step's inputs), so only the batch and the loss cross the bus.
 * onnxruntime-node documents gpu-buffer outputs for WebGPU; whether they can be fed back is what this finds out.
 */
async function webgpuResident(batch: number): Promise<void> {
  const compiled = compileTrainingStep(doc, {
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9 },
    maxPoolRoute: 'mask',
  });
  const { layout } = compiled;
  const resident = ['theta.next', ...layout.optimizerState.map((o) => o.output)];
  const session = await ort.InferenceSession.create(compiled.model, {
    executionProviders: ['webgpu'],
    graphOptimizationLevel: 'all',
    preferredOutputLocation: Object.fromEntries(resident.map((n) => [n, 'gpu-buffer'])) as Record<string, 'gpu-buffer'>,
  });
  const x = new Float32Array(batch * SAMPLE).map(() => rng.next());
  const labels = BigInt64Array.from({ length: batch }, () => BigInt(rng.int(10)));
  const theta = new Float32Array(layout.thetaLength);
  const w = initWeights(a, 1);
  for (const p of layout.params) theta.set(w[p.nodeId][p.name], p.offset);
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', x, [batch, 3, 64, 64]),
    labels: new ort.Tensor('int64', labels, [batch]),
    lr: new ort.Tensor('float32', new Float32Array([0.01]), []),
    theta: new ort.Tensor('float32', theta, [theta.length]),
  };
  for (const o of layout.optimizerState)
    feeds[o.input] = new ort.Tensor('float32', new Float32Array(theta.length), [theta.length]);
  const step = async () => {
    const out = await session.run(feeds);
    feeds.theta = out['theta.next'] as ort.Tensor;
    for (const o of layout.optimizerState) feeds[o.input] = out[o.output] as ort.Tensor;
    return (out.loss.data as Float32Array)[0];
  };
  const first = await step();
  await step();
  const t0 = performance.now();
  let steps = 0;
  let loss = first;
  while (performance.now() - t0 < SECONDS * 1000) {
    loss = await step();
    steps++;
  }
  const stepMs = (performance.now() - t0) / steps;
  console.log(
    JSON.stringify({
      experiment: 'webgpu, θ resident on the device',
      batch,
      samplesPerSecond: round((batch * 1000) / stepMs, 1),
      stepMs: round(stepMs),
      firstLoss: first,
      lastLoss: loss,
      thetaLocation: feeds.theta.location,
    }),
  );
  await session.release();
}

for (const _webgpu of results.filter((m) => m.provider === 'webgpu')) {
  try {
    await webgpuResident(BATCH);
  } catch (e) {
    console.log(JSON.stringify({ experiment: 'webgpu, θ resident on the device', error: (e as Error).message }));
  }
}

for (const r of results.filter((m) => m.provider !== 'cpu')) {
  try {
    await parity(r.provider as Provider);
  } catch (e) {
    console.log(JSON.stringify({ parity: r.provider, error: (e as Error).message }));
  }
}
for (const r of results.filter((m) => m.provider !== 'cpu')) {
  if (cpu)
    console.log(
      JSON.stringify({
        ratio: `${r.provider}/cpu`,
        against: cpu.requested,
        batch: BATCH,
        speedup: round(r.samplesPerSecond / cpu.samplesPerSecond, 1),
        target: 10,
        copyShare: round(r.copyShare, 3),
      }),
    );
  for (const b of values
    .sweep!.split(',')
    .map(Number)
    .filter((v) => v > 0)) {
    try {
      const m = await measure(r.provider as Provider, b, Math.min(SECONDS, 5), 1000);
      console.log(
        JSON.stringify({
          sweep: m.provider,
          batch: b,
          samplesPerSecond: round(m.samplesPerSecond, 1),
          copyShare: round(m.copyShare, 3),
        }),
      );
    } catch (e) {
      console.log(JSON.stringify({ sweep: r.provider, batch: b, error: (e as Error).message }));
    }
  }
}
