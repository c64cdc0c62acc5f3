/**
 * A training run on the compiled backend, inside the training worker: the same steps and the same TrainEvents
 * as the engine's coordinator (src/main/training/coordinator.ts) — load the dataset at the input's size, check
 * the graph against it, estimate memory, train, evaluate on the test split, send back the weights — with the
 * step running as one onnxruntime graph — on the CPU with two or more threads, split across one session per
 * thread (parallel.ts). The run record names the backend ("onnxruntime") and the provider that actually ran; a
 * provider that could not start is reported in the 'started' event's fallbackReason.
 *
 * `runTrainingOn` picks the backend for a request: 'engine' or 'onnxruntime' as asked; 'auto' (the app's
 * default) takes onnxruntime — 2.3–3× the engine on LeNet-5 (bench/train-compiled.ts) — when the network
 * compiles, and the engine otherwise; no backend at all means the engine, as before this backend existed.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { compileTrainingStep } from '../../engine/compile/index.js';
import type { RunRecord, TrainingSettings } from '../../engine/document.js';
import { checkGraph, checkTrainable } from '../../engine/train/check.js';
import { estimateMemory, memoryRefusal } from '../../engine/train/memory.js';
import { optimizerStatePerParam, type OptimizerConfig } from '../../engine/train/optimizers.js';
import { normalizeSettings } from '../../engine/train/settings.js';
import { splitIndices, type BatchProgress } from '../../engine/train/trainer.js';
import { initWeights, weightsFromRecord, weightsToRecord } from '../../engine/weights.js';
import type { Backend, TrainEvent, TrainStartRequest } from '../../shared/api.js';
import { loadDataset } from '../datasets/index.js';
import { runTraining } from '../training/coordinator.js';
import { refForDocument } from '../training/dataref.js';
import { startWorker } from '../training/entry.js';
import type { CompiledGradSpare, TrainJob } from '../training/protocol.js';
import { evaluateCompiled, trainCompiled } from './loop.js';
import type { DataParallelStep } from './parallel.js';
import type { CompiledTrainer } from './runtime.js';

const BATCH_EVENT_MS = 100;

/**
 * Starts `count` data-parallel helper threads before their jobs are known, so that they load onnxruntime while the
 * run loads its data and opens its sessions (the first epoch of LeNet-5 on mnist ends about 0.25 s sooner through the CLI);
 * DataParallelStep.start hands each its job. A spare that is never handed one must be terminated.
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
  return threads > 1 && provider !== 'cuda' && provider !== 'webgpu' && !job.request.document.nodes.some((n) => n.kind === 'batchNorm');
}

export function optimizerOf(settings: TrainingSettings): OptimizerConfig {
  return { name: settings.optimizer, lr: settings.lr, momentum: settings.momentum, weightDecay: settings.weightDecay };
}

/**
 * The backend a request trains on: as asked; for 'auto' (the app's default) onnxruntime when the network
 * compiles; a request that names none keeps the service's original contract, the engine.
 */
export function chooseBackend(req: TrainStartRequest): Exclude<Backend, 'auto'> {
  if (req.backend === undefined || req.backend === 'engine' || req.backend === 'onnxruntime') return req.backend ?? 'engine';
  try {
    compileTrainingStep(req.document, { optimizer: optimizerOf(normalizeSettings(req.settings)) });
    return 'onnxruntime';
  } catch {
    return 'engine';
  }
}

/** The worker's entry for a training job, on the backend the request picks. */
export async function runTrainingOn(job: TrainJob, emit: (e: TrainEvent) => void): Promise<void> {
  if (chooseBackend(job.request) === 'engine') return runTraining(job, emit);
  // 'auto' falls back to the engine when onnxruntime cannot open the graph at all; an explicit request does not.
  return runCompiledTraining(job, emit, { engineFallback: job.request.backend !== 'onnxruntime' });
}

export async function runCompiledTraining(job: TrainJob, emit: (e: TrainEvent) => void, options: { engineFallback?: boolean } = {}): Promise<void> {
  const { runId } = job;
  const startedAt = new Date().toISOString();
  let trainer: CompiledTrainer | null = null;
  let parallel: DataParallelStep | null = null;
  // CPU threads: as asked, else one per core (the service's default of 2 is for the engine's workers).
  const cpuThreads = job.request.threads ?? availableParallelism();
  const spares = likelyDataParallel(job, cpuThreads) ? startSpareHelpers(cpuThreads - 1) : [];
  try {
    const settings = normalizeSettings(job.request.settings);
    const doc = job.request.document;
    const analysis = checkGraph(doc);
    const dataset = await loadDataset(refForDocument({ dataset: settings.dataset }, doc, analysis));
    checkTrainable(doc, dataset, analysis);
    // onnxruntime's own arena holds activations and their gradients; the engine's estimate of the same is a
    // fair bound, with one thread's worth of activations.
    const memory = estimateMemory(analysis, {
      batchSize: settings.batchSize,
      optimizerStatePerParam: optimizerStatePerParam({ name: settings.optimizer, momentum: settings.momentum }),
      threads: 1,
      dataBytes: dataset.train.x.byteLength + dataset.test.x.byteLength,
    });
    const refusal = memoryRefusal(memory, job.memoryLimit);
    if (refusal) return emit({ type: 'error', runId, message: refusal });

    const fresh = job.request.initialize !== 'continue';
    const weights = fresh ? initWeights(analysis, settings.seed) : weightsFromRecord(analysis, doc.weights, settings.seed).weights;
    try {
      // Loaded here, not at the top: the training worker (and its data-parallel helpers) import this module,
      // and only runs on this backend should pay for loading onnxruntime's native library.
      const { CompiledTrainer } = await import('./runtime.js');
      trainer = await CompiledTrainer.create(doc, weights, {
        optimizer: optimizerOf(settings),
        provider: job.request.provider ?? 'auto',
        threads: cpuThreads,
        dropoutSeed: settings.seed,
      });
    } catch (e) {
      if (options.engineFallback) return runTraining(job, emit);
      throw e;
    }
    // Both cores on the CPU: each step split across threads (parallel.ts), when the network allows it; a helper
    // thread that cannot start leaves the run on the one-session step.
    const { DataParallelStep: Parallel } = await import('./parallel.js');
    const split = await Parallel.start(doc, trainer, dataset.train, optimizerOf(settings), settings.batchSize, cpuThreads, spares).catch(() => null);
    parallel = split instanceof Parallel ? split : null;
    const trainCount = splitIndices(dataset.train.count, settings.valSplit, settings.seed).train.length;
    const batchesPerEpoch = Math.ceil(trainCount / Math.min(settings.batchSize, trainCount));
    emit({
      type: 'started',
      runId,
      totalBatches: batchesPerEpoch * settings.epochs,
      epochs: settings.epochs,
      backend: 'onnxruntime',
      provider: trainer.provider,
      memoryBytes: memory.total,
      ...(trainer.provider === 'cpu' ? { threads: cpuThreads } : {}),
      ...(trainer.fallbackReason ? { fallbackReason: trainer.fallbackReason } : {}),
    });

    let lastBatchEvent = 0;
    const onBatch = (p: BatchProgress) => {
      const t = performance.now();
      if (t - lastBatchEvent < BATCH_EVENT_MS && p.batch !== p.batchesPerEpoch) return;
      lastBatchEvent = t;
      emit({ type: 'batch', runId, ...p });
    };
    const result = await trainCompiled(trainer, dataset.train, settings, {
      now: () => performance.now(),
      shouldStop: () => Atomics.load(job.stop, 0) !== 0,
      onBatch,
      onEpoch: (metrics) => emit({ type: 'epoch', runId, metrics }),
      onWarning: (w) => emit({ type: 'warning', runId, ...w }),
    }, parallel);
    if (result.error) return emit({ type: 'error', runId, message: result.error.message, epoch: result.error.epoch, batch: result.error.batch });

    const test = await evaluateCompiled(trainer, dataset.test);
    const run: RunRecord = {
      id: runId,
      startedAt,
      settings,
      backend: 'onnxruntime',
      provider: trainer.provider,
      ...(trainer.provider === 'cpu' ? { threads: cpuThreads } : {}),
      epochs: result.epochs,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      ...(result.stopped ? { stoppedEarly: true } : {}),
    };
    emit({ type: 'done', runId, run, weights: weightsToRecord(trainer.weights()), classes: dataset.classes, confusion: test.confusion, stopped: result.stopped });
  } catch (e) {
    emit({ type: 'error', runId, message: (e as Error).message ?? String(e) });
  } finally {
    for (const spare of spares) void spare.terminate(); // the ones start() did not take
    await parallel?.close();
    await trainer?.release();
  }
}
