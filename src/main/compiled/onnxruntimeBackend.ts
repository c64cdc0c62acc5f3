/**
 * The onnxruntime backend: the training step as one onnxruntime graph (runtime.ts) — on the CPU with two or more
 * threads, split across one session per thread (parallel.ts). Its place names the provider that actually ran;
 * a provider that could not start gives the fallbackReason.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { optimizerOf, type TrainingBackend } from '../training/backend.js';
import { startWorker } from '../training/startWorker.js';
import type { CompiledGradSpare, TrainJob } from '../training/workerJobs.js';
import { evaluateCompiled, trainCompiled } from './loop.js';
import type { DataParallelStep } from './parallel.js';
import type { CompiledTrainer } from './runtime.js';

/**
 * Starts `count` data-parallel helper threads before their jobs are known, so that they load onnxruntime while the
 * run loads its data and opens its sessions (the first epoch of LeNet-5 on mnist ends about 0.25 s sooner through
 * the CLI); DataParallelStep.start hands each its job. A spare that is never handed one must be terminated.
 */
export function startSpareHelpers(count: number): Worker[] {
  return Array.from({ length: Math.max(0, count) }, () => {
    const spare: CompiledGradSpare = { role: 'compiledGradSpare' };
    const worker = startWorker(spare);
    worker.on('error', () => {}); // a spare's failure is reported once it has a job, or not at all if unused
    return worker;
  });
}

/**
 * Whether a run will likely split its steps across threads, judged before its trainer exists: worth starting its
 * helpers early. DataParallelStep.start decides (dataParallelBlocker); a wrong guess costs only unused spares.
 */
function likelyDataParallel(job: TrainJob, threads: number): boolean {
  const provider = job.request.provider ?? 'auto';
  const batchNorm = job.request.document.nodes.some((n) => n.kind === 'batchNorm');
  return threads > 1 && provider !== 'cuda' && provider !== 'webgpu' && !batchNorm;
}

/** Starts its spare helper threads at once: they load onnxruntime while the run loads its dataset. */
export function onnxruntimeBackend(job: TrainJob): TrainingBackend {
  // CPU threads: as asked, else one per core (the service's default of 2 is for the engine's workers).
  const cpuThreads = job.request.threads ?? availableParallelism();
  const spares = likelyDataParallel(job, cpuThreads) ? startSpareHelpers(cpuThreads - 1) : [];
  let trainer: CompiledTrainer | null = null;
  let parallel: DataParallelStep | null = null;
  return {
    // onnxruntime's own arena holds activations and their gradients; the engine's estimate of the same is a fair
    // bound, with one thread's worth of activations.
    memoryPlan: (_, data) => ({ threads: 1, dataBytes: data.bytes }),

    async open({ doc, settings, dataset, weights }) {
      // Loaded here, not at the top: the training worker (and its data-parallel helpers) import this module,
      // and only runs on this backend should pay for loading onnxruntime's native library.
      const { CompiledTrainer } = await import('./runtime.js');
      const t = await CompiledTrainer.create(doc, weights, {
        optimizer: optimizerOf(settings),
        provider: job.request.provider ?? 'auto',
        threads: cpuThreads,
        dropoutSeed: settings.seed,
      });
      trainer = t;
      // Every core on the CPU: each step split across threads (parallel.ts), when the network allows it; a helper
      // thread that cannot start leaves the run on the one-session step.
      const { DataParallelStep: Parallel } = await import('./parallel.js');
      const { batchSize } = settings;
      const starting = Parallel.start(doc, t, dataset.train, optimizerOf(settings), batchSize, cpuThreads, spares);
      const split = await starting.catch(() => null);
      parallel = split instanceof Parallel ? split : null;
      return {
        place: {
          backend: 'onnxruntime',
          provider: t.provider,
          ...(t.provider === 'cpu' ? { threads: cpuThreads } : {}),
          ...(t.fallbackReason ? { fallbackReason: t.fallbackReason, fallback: t.fallback } : {}),
        },
        train: (hooks) => trainCompiled(t, dataset.train, settings, hooks, parallel),
        evaluate: (test) => evaluateCompiled(t, test),
        weights: () => t.weights(),
      };
    },

    async close() {
      for (const spare of spares.splice(0)) void spare.terminate(); // the ones start() did not take
      await parallel?.close();
      parallel = null;
      await trainer?.release();
      trainer = null;
    },
  };
}
