/**
 * The training worker's main job: load the dataset at the input's size, check the graph against it, estimate
 * memory, start data-parallel helpers, run the trainer, evaluate on the test split and send back the weights.
 * Everything it reports goes through `emit` as TrainEvents; it never throws.
 */
import { performance } from 'node:perf_hooks';
import { checkGraph, checkTrainable } from '../../engine/train/check.js';
import type { RunRecord, TrainingSettings } from '../../engine/document.js';
import { evaluate } from '../../engine/train/evaluate.js';
import { estimateMemory, memoryRefusal } from '../../engine/train/memory.js';
import { Model } from '../../engine/train/model.js';
import { createOptimizer, optimizerStatePerParam } from '../../engine/train/optimizers.js';
import { normalizeSettings } from '../../engine/train/settings.js';
import { splitIndices, train, type BatchProgress } from '../../engine/train/trainer.js';
import { initWeights, weightsFromRecord, weightsToRecord } from '../../engine/weights.js';
import type { TrainEvent } from '../../shared/api.js';
import { loadDataset } from '../datasets/index.js';
import { refForDocument } from './dataref.js';
import { startHelpers } from './helpers.js';
import type { TrainJob } from './protocol.js';
import { shareSplit, shareWeights } from './shared.js';

/** Batch events are sent at most this often (and always for an epoch's last batch). */
const BATCH_EVENT_MS = 100;

export async function runTraining(job: TrainJob, emit: (e: TrainEvent) => void): Promise<void> {
  const { runId } = job;
  const startedAt = new Date().toISOString();
  let settings: TrainingSettings;
  let helpers: Awaited<ReturnType<typeof startHelpers>> | null = null;
  try {
    settings = normalizeSettings(job.request.settings);
    const doc = job.request.document;
    const analysis = checkGraph(doc);
    const dataset = await loadDataset(refForDocument({ dataset: settings.dataset }, doc, analysis));
    checkTrainable(doc, dataset, analysis);
    const threads = Math.max(1, Math.min(job.threads, Math.floor(settings.batchSize / 2) || 1));
    const memory = estimateMemory(analysis, {
      batchSize: settings.batchSize,
      optimizerStatePerParam: optimizerStatePerParam({ name: settings.optimizer, momentum: settings.momentum }),
      threads,
      dataBytes: dataset.train.x.byteLength * (threads > 1 && !(dataset.train.x.buffer instanceof SharedArrayBuffer) ? 2 : 1) + dataset.test.x.byteLength,
    });
    const refusal = memoryRefusal(memory, job.memoryLimit);
    if (refusal) return emit({ type: 'error', runId, message: refusal });

    const fresh = job.request.initialize !== 'continue';
    const initial = fresh ? initWeights(analysis, settings.seed) : weightsFromRecord(analysis, doc.weights, settings.seed).weights;
    const weights = threads > 1 ? shareWeights(initial) : initial;
    const trainSplit = threads > 1 ? shareSplit(dataset.train) : dataset.train;
    const model = new Model(doc, analysis, weights, { dropoutSeed: settings.seed });
    const optimizer = createOptimizer({ name: settings.optimizer, lr: settings.lr, momentum: settings.momentum, weightDecay: settings.weightDecay }, model.slots);
    if (threads > 1) helpers = await startHelpers(model, doc, trainSplit, settings, threads - 1);

    const trainCount = splitIndices(dataset.train.count, settings.valSplit, settings.seed).train.length;
    const batchesPerEpoch = Math.ceil(trainCount / Math.min(settings.batchSize, trainCount));
    emit({ type: 'started', runId, totalBatches: batchesPerEpoch * settings.epochs, epochs: settings.epochs, backend: 'engine', provider: 'cpu', memoryBytes: memory.total, threads });

    let lastBatchEvent = 0;
    const onBatch = (p: BatchProgress) => {
      const t = performance.now();
      if (t - lastBatchEvent < BATCH_EVENT_MS && p.batch !== p.batchesPerEpoch) return;
      lastBatchEvent = t;
      emit({ type: 'batch', runId, ...p });
    };
    const result = await train(model, optimizer, trainSplit, settings, {
      now: () => performance.now(),
      shouldStop: () => Atomics.load(job.stop, 0) !== 0,
      onBatch,
      onEpoch: (metrics) => emit({ type: 'epoch', runId, metrics }),
      onWarning: (w) => emit({ type: 'warning', runId, ...w }),
      gradients: helpers ? (idx) => helpers!.gradients(idx) : undefined,
    });
    helpers?.close();
    helpers = null;
    if (result.error) return emit({ type: 'error', runId, message: result.error.message, epoch: result.error.epoch, batch: result.error.batch });

    const test = evaluate(model, dataset.test);
    const run: RunRecord = {
      id: runId,
      startedAt,
      settings,
      backend: 'engine',
      provider: 'cpu',
      threads,
      epochs: result.epochs,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      ...(result.stopped ? { stoppedEarly: true } : {}),
    };
    emit({ type: 'done', runId, run, weights: weightsToRecord(weights), classes: dataset.classes, confusion: test.confusion, stopped: result.stopped });
  } catch (e) {
    helpers?.close();
    emit({ type: 'error', runId, message: (e as Error).message ?? String(e) });
  }
}
