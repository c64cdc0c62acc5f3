/**
 * A training run, inside the training worker, on whichever backend the request gets (chooseBackend): read the
 * settings, check the graph, describe the dataset at the input's size (its headers or listing, no pixels) and
 * check the graph against it, estimate memory — an impossible run is refused here, before any pixel is read —
 * load the dataset, open the backend, send 'started', train with batch events throttled, evaluate on the test
 * split and send 'done' with the run record and the weights. Everything it reports goes through `emit` as
 * TrainEvents; it never throws.
 */
import { performance } from 'node:perf_hooks';
import type { RunRecord } from '../../engine/document.js';
import { checkGraph, checkTrainable } from '../../engine/train/check.js';
import { EVAL_BATCH } from '../../engine/train/evaluate.js';
import { estimateMemory, memoryRefusal } from '../../engine/train/memory.js';
import { optimizerStatePerParam } from '../../engine/train/optimizers.js';
import { normalizeSettings } from '../../engine/train/settings.js';
import { splitIndices, type BatchProgress } from '../../engine/train/trainer.js';
import { initWeights, weightsFromRecord, weightsToRecord } from '../../engine/weights.js';
import type { Backend, TrainEvent } from '../../shared/api.js';
import { describeDataset, loadDataset, type Dataset } from '../datasets/index.js';
import { onnxruntimeBackend } from '../compiled/onnxruntimeBackend.js';
import { autoFallbackReason, chooseBackend, type OpenBackend, type TrainingBackend } from './backend.js';
import { refForDocument } from './dataref.js';
import { engineBackend } from './engineBackend.js';
import type { TrainJob } from './workerJobs.js';

/** Batch events are sent at most this often (and always for an epoch's last batch). */
const BATCH_EVENT_MS = 100;

/** The backends a run can get, by name. */
export type BackendFactories = Record<Exclude<Backend, 'auto'>, (job: TrainJob) => TrainingBackend>;

const BACKENDS: BackendFactories = { engine: engineBackend, onnxruntime: onnxruntimeBackend };

/** Runs `job` on the backend chooseBackend picks from `backends` (tests pass stand-ins). */
export async function runTraining(
  job: TrainJob,
  emit: (e: TrainEvent) => void,
  backends: BackendFactories = BACKENDS,
): Promise<void> {
  const { runId } = job;
  const startedAt = new Date().toISOString();
  const choice = chooseBackend(job.request);
  // Created before the data loads: the onnxruntime backend starts its helper threads meanwhile.
  let backend: TrainingBackend = backends[choice](job);
  // 'auto' falls back to the engine when onnxruntime cannot open the graph at all; an explicit request does not.
  let engineFallback = choice === 'onnxruntime' && job.request.backend !== 'onnxruntime';
  try {
    const settings = normalizeSettings(job.request.settings);
    const doc = job.request.document;
    const analysis = checkGraph(doc);
    const ref = refForDocument({ dataset: settings.dataset }, doc, analysis);
    const described = await describeDataset(ref);
    checkTrainable(doc, described, analysis);
    const initial =
      job.request.initialize === 'continue'
        ? weightsFromRecord(analysis, doc.weights, settings.seed).weights
        : initWeights(analysis, settings.seed);

    let open: OpenBackend | null = null;
    let dataset: Dataset | null = null;
    let memoryBytes = 0;
    while (!open || !dataset) {
      const memory = estimateMemory(analysis, {
        batchSize: settings.batchSize,
        optimizerStatePerParam: optimizerStatePerParam({ name: settings.optimizer, momentum: settings.momentum }),
        doc,
        evalBatchSize: EVAL_BATCH,
        ...backend.memoryPlan(settings, described),
      });
      const refusal = memoryRefusal(memory, job.memoryLimit);
      if (refusal) return emit({ type: 'error', runId, message: refusal });
      memoryBytes = memory.total;
      if (!dataset) {
        dataset = await loadDataset(ref);
        checkTrainable(doc, dataset, analysis);
      }
      try {
        open = await backend.open({ doc, analysis, settings, dataset, weights: initial });
      } catch (e) {
        if (!engineFallback) throw e;
        engineFallback = false;
        await backend.close();
        backend = backends.engine(job);
      }
    }

    const trainCount = splitIndices(dataset.train.count, settings.valSplit, settings.seed).train.length;
    const batchesPerEpoch = Math.ceil(trainCount / Math.min(settings.batchSize, trainCount));
    const totalBatches = batchesPerEpoch * settings.epochs;
    const autoReason = job.request.backend === 'auto' && choice === 'engine' ? autoFallbackReason(job.request) : null;
    const where = autoReason ? { ...open.place, fallbackReason: autoReason } : open.place;
    emit({ type: 'started', runId, totalBatches, epochs: settings.epochs, memoryBytes, ...where });

    let lastBatchEvent = 0;
    const onBatch = (p: BatchProgress) => {
      const t = performance.now();
      if (t - lastBatchEvent < BATCH_EVENT_MS && p.batch !== p.batchesPerEpoch) return;
      lastBatchEvent = t;
      emit({ type: 'batch', runId, ...p });
    };
    const result = await open.train({
      now: () => performance.now(),
      shouldStop: () => Atomics.load(job.stop, 0) !== 0,
      onBatch,
      onEpoch: (metrics) => emit({ type: 'epoch', runId, metrics }),
      onWarning: (w) => emit({ type: 'warning', runId, ...w }),
    });
    if (result.error) {
      const { message, epoch, batch } = result.error;
      return emit({ type: 'error', runId, message, epoch, batch });
    }

    const test = await open.evaluate(dataset.test);
    const { fallbackReason: _, fallback: __, ...place } = open.place;
    const run: RunRecord = {
      id: runId,
      startedAt,
      settings,
      ...place,
      epochs: result.epochs,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      ...(result.stopped ? { stoppedEarly: true } : {}),
    };
    const weights = weightsToRecord(open.weights());
    const { classes } = dataset;
    emit({ type: 'done', runId, run, weights, classes, confusion: test.confusion, stopped: result.stopped });
  } catch (e) {
    emit({ type: 'error', runId, message: (e as Error).message ?? String(e) });
  } finally {
    await backend.close();
  }
}
