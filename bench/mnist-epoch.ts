/**
 * LeNet-5 (resources/examples/lenet5.json) on the official MNIST, through the training service as the app and the
 * CLI run it (a worker thread, data-parallel helpers): the seconds of one epoch over the 60,000 training digits on
 * each backend — the pure-TypeScript engine and onnxruntime's CPU provider — at batch 64, Adam 1e-3, seed 1, no
 * validation split, on the same threads, in the same run. Also the seconds until the run starts ('started':
 * dataset loaded, checked, backend open), the test accuracy after that one epoch, and the time to load the 70,000
 * digits (bench/mnist-load.ts compares the loader with a float32 peer).
 * Measured here (2 cores, load average 5–8, other work running; two runs): onnxruntime 9.1–10.0 s per epoch,
 * the engine 18.5–23.7 s; loading the digits 0.2 s.
 * Run: npx tsx bench/mnist-epoch.ts [threads]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadDocument } from '../src/engine/document.js';
import { normalizeSettings } from '../src/engine/train/settings.js';
import { MNIST } from '../src/engine/datasets/registry.js';
import { loadIdxSplits } from '../src/main/datasets/idxFolder.js';
import { mnistFiles } from '../src/main/datasets/mnist.js';
import { TrainingService } from '../src/main/training/service.js';
import type { TrainEvent } from '../src/shared/api.js';

const threads = Number(process.argv[2] ?? 2);
const loaded = loadDocument(readFileSync(new URL('../resources/examples/lenet5.json', import.meta.url), 'utf8'));
if (!loaded.ok) throw new Error(loaded.error);
const settings = normalizeSettings({
  dataset: 'mnist',
  epochs: 1,
  batchSize: 64,
  optimizer: 'adam',
  lr: 0.001,
  seed: 1,
  valSplit: 0,
});

async function epoch(backend: 'engine' | 'onnxruntime') {
  const service = new TrainingService();
  const t0 = performance.now();
  let started = 0;
  let seconds = 0;
  const done = new Promise<TrainEvent>((resolve) => {
    void service
      .start(
        { document: loaded.ok ? loaded.document : (null as never), settings, backend, provider: 'cpu', threads },
        (e) => {
          if (e.type === 'started') started = (performance.now() - t0) / 1000;
          if (e.type === 'epoch') seconds = e.metrics.seconds;
          if (e.type === 'done' || e.type === 'error') resolve(e);
        },
      )
      .then((r) => !r.ok && resolve({ type: 'error', runId: '', message: r.error }));
  });
  const end = await done;
  await service.dispose();
  if (end.type === 'error') throw new Error(`${backend}: ${end.message}`);
  if (end.type !== 'done') throw new Error(`${backend}: ended with ${end.type}`);
  return { started, seconds, accuracy: end.run.testAccuracy ?? 0 };
}

console.log(
  `LeNet-5, one epoch of MNIST (60,000 digits, batch 64), ${threads} threads, load average ${loadavg()[0].toFixed(1)}:`,
);
const t0 = performance.now();
await loadIdxSplits(mnistFiles(), [...MNIST.classes!]);
console.log(`  loading the 70,000 digits: ${(performance.now() - t0).toFixed(0)} ms (page cache warm or not)`);
for (const backend of ['onnxruntime', 'engine'] as const) {
  const r = await epoch(backend);
  console.log(
    `  ${backend.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s per epoch  ` +
      `(${(60_000 / r.seconds).toFixed(0)} samples/s; started after ${r.started.toFixed(2)} s; ` +
      `test ${(r.accuracy * 100).toFixed(2)}%)`,
  );
}
