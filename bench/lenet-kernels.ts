/**
 * LeNet-5 forward + backward through the engine's layer kernels on one thread, batch 64, random data:
 * `npx tsx bench/lenet-kernels.ts [batch] [steps] [lc]` (lc: the locally-connected twin). Prints samples/s and the
 * CPU time per layer (forward, backward).
 */
import { softmaxCrossEntropy } from '../src/engine/loss.js';
import { layerOrThrow } from '../src/engine/registry.js';
import { createRng } from '../src/engine/rng.js';
import type { Params, Tensor } from '../src/engine/types.js';

const lc = process.argv[4] === 'lc' ? 'locallyConnected2d' : 'conv2d';
const layers: [string, string, Params][] = [
  ['c1', lc, { filters: 6, kernelSize: 5, stride: 1, padding: 'same', useBias: true, activation: 'relu' }],
  ['p1', 'maxPool2d', { poolSize: 2, stride: null, padding: 'valid' }],
  ['c2', lc, { filters: 16, kernelSize: 5, stride: 1, padding: 'valid', useBias: true, activation: 'relu' }],
  ['p2', 'maxPool2d', { poolSize: 2, stride: null, padding: 'valid' }],
  ['flat', 'flatten', {}],
  ['f1', 'dense', { units: 120, useBias: true, activation: 'relu' }],
  ['f2', 'dense', { units: 84, useBias: true, activation: 'relu' }],
  ['out', 'dense', { units: 10, useBias: true, activation: 'linear' }],
];

const batch = Number(process.argv[2] ?? 64);
const rng = createRng(1);
let shape = [1, 28, 28];
const nets = layers.map(([id, kind, p]) => {
  const def = layerOrThrow(kind);
  const out = def.inferShape([shape], p, { id });
  const weights: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const t of def.tensors([shape], out, p)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    weights[t.name] = Float32Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / t.fanIn));
    grads[t.name] = new Float32Array(n);
  }
  shape = out;
  return { id, def, p, weights, grads };
});
const x: Tensor = { shape: [batch, 1, 28, 28], data: Float32Array.from({ length: batch * 784 }, () => rng.next()) };
const labels = Int32Array.from({ length: batch }, () => rng.int(10));
const ctx = { training: true, rng: rng.next };
// Per-layer times are CPU time of this process (µs → ms), steadier than wall time on a shared machine.
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fwdMs = new Float64Array(nets.length);
const bwdMs = new Float64Array(nets.length);

function step(): void {
  let t = x;
  const caches: unknown[] = [];
  nets.forEach((l, i) => {
    const t0 = now();
    const r = l.def.forward([t], l.weights, l.p, ctx);
    fwdMs[i] += now() - t0;
    caches.push(r.cache);
    t = r.output;
  });
  let g = softmaxCrossEntropy(t, labels).dLogits;
  for (let i = nets.length - 1; i >= 0; i--) {
    const l = nets[i];
    const t0 = now();
    // Nothing needs the gradient of the network's input, so the first layer skips it.
    g = l.def.backward(g, caches[i], l.weights, l.p, l.grads, [i > 0])[0];
    bwdMs[i] += now() - t0;
  }
}

for (let i = 0; i < 10; i++) step();
fwdMs.fill(0);
bwdMs.fill(0);
const steps = Number(process.argv[3] ?? 40);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// On a shared machine the CPU-time rate (samples per CPU-second of this process) is the steadier number.
console.log(
  `LeNet-5 forward+backward, batch ${batch}, 1 thread: ${((steps * batch) / (ms / 1000)).toFixed(0)} samples/s wall, ` +
    `${((steps * batch) / (cpuMs / 1000)).toFixed(0)} samples per CPU-second`,
);
nets.forEach((l, i) =>
  console.log(
    `  ${l.id.padEnd(5)} CPU fwd ${(fwdMs[i] / steps).toFixed(2)} ms  bwd ${(bwdMs[i] / steps).toFixed(2)} ms`,
  ),
);
