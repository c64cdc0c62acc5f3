/**
 * What the training run (run.ts) asks of a backend, and which backend a request gets. Two implement it: the
 * engine's (engineBackend.ts: the engine's Model in this thread, data-parallel helper threads beside it) and
 * onnxruntime's (../compiled/onnxruntimeBackend.ts: the training step compiled to one ONNX graph).
 */
import type { Analysis } from '../../engine/analyze.js';
import { compileTrainingStep } from '../../engine/compile/index.js';
import type { Dataset, DataSplit } from '../../engine/datasets/types.js';
import type { DatasetDescription } from '../datasets/describe.js';
import type { GraphDocument, TrainingSettings } from '../../engine/document.js';
import type { Evaluation } from '../../engine/train/evaluate.js';
import type { OptimizerConfig } from '../../engine/train/optimizers.js';
import { normalizeSettings } from '../../engine/train/settings.js';
import type { TrainHooks, TrainResult } from '../../engine/train/trainer.js';
import type { WeightMap } from '../../engine/weights.js';
import type { Backend, TrainStartRequest } from '../../shared/api.js';
import type { FallbackMessage } from '../../shared/fallback.js';

/** The run as far as it is known when a backend opens: checked graph, loaded data, initial weights. */
export interface RunSetup {
  doc: GraphDocument;
  analysis: Analysis;
  settings: TrainingSettings;
  dataset: Dataset;
  /** Fresh or continued weights; the backend trains from them and may update them in place. */
  weights: WeightMap;
}

/** What the memory estimate (estimateMemory) needs from a backend. */
export interface MemoryPlan {
  /** Threads that each hold a batch share's activations. */
  threads: number;
  /** Bytes of the dataset the run holds, copies included. */
  dataBytes: number;
}

/** Where a run ran, as the 'started' event and the run record say it. */
export interface RunPlace {
  backend: Exclude<Backend, 'auto'>;
  provider: string;
  /** CPU threads that compute each step; absent on a GPU. */
  threads?: number;
  /** Why a requested provider was skipped, in English. */
  fallbackReason?: string;
  /** The same reasons as codes with arguments, for the app to translate. */
  fallback?: FallbackMessage[];
}

/** A backend ready to train: the run's loop calls train once, then evaluate and weights. */
export interface OpenBackend {
  place: RunPlace;
  train(hooks: Omit<TrainHooks, 'gradients'>): Promise<TrainResult>;
  /** Accuracy, loss and confusion matrix in evaluation mode. */
  evaluate(split: DataSplit): Promise<Evaluation>;
  /** The trained weights and running statistics, node → tensor → values. */
  weights(): WeightMap;
}

export interface TrainingBackend {
  /** From the dataset's description: the run is estimated, and may be refused, before its pixels are read. */
  memoryPlan(settings: TrainingSettings, data: DatasetDescription): MemoryPlan;
  /** Opens sessions or threads on the setup's weights; throws when the backend cannot run this network. */
  open(setup: RunSetup): Promise<OpenBackend>;
  /** Frees threads and sessions; called once the run ends, however it ends, also when open() threw. */
  close(): Promise<void>;
}

export function optimizerOf(settings: TrainingSettings): OptimizerConfig {
  return { name: settings.optimizer, lr: settings.lr, momentum: settings.momentum, weightDecay: settings.weightDecay };
}

/**
 * The backend a request trains on: as asked; for 'auto' (the app's default) onnxruntime when the network
 * compiles — 2.3–3× the engine on LeNet-5 (bench/train-compiled.ts) — and the engine otherwise; a request that
 * names none, the engine.
 */
export function chooseBackend(req: TrainStartRequest): Exclude<Backend, 'auto'> {
  if (req.backend === undefined || req.backend === 'engine' || req.backend === 'onnxruntime') {
    return req.backend ?? 'engine';
  }
  return autoFallbackReason(req) === null ? 'onnxruntime' : 'engine';
}

/**
 * Why 'auto' trains this request on the engine rather than onnxruntime: the compiler's message, which names the
 * node and, for a layer kind without a compiled-training emitter, the missing facet (src/engine/layers/kind.ts);
 * null when the network compiles.
 */
export function autoFallbackReason(req: TrainStartRequest): string | null {
  try {
    compileTrainingStep(req.document, { optimizer: optimizerOf(normalizeSettings(req.settings)) });
    return null;
  } catch (e) {
    return `onnxruntime cannot train this network, so the engine does: ${(e as Error).message}`;
  }
}
