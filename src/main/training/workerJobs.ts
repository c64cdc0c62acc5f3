/** Messages between the training service and its worker threads. */
import type { GraphDocument } from '../../engine/document.js';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { WeightMap } from '../../engine/weights.js';
import type { DatasetRef, TrainEvent, TrainStartRequest } from '../../shared/api.js';

/** A training run (run.ts): loads the data, trains, reports. */
export interface TrainJob {
  role: 'train';
  runId: string;
  request: TrainStartRequest;
  /** Int32[1]; the service sets it to 1 to stop the run. */
  stop: Int32Array;
  memoryLimit: number;
  threads: number;
}

/** An engine data-parallel helper: computes gradients on slices of batches (engineParallel.ts). */
export interface GradJob {
  role: 'grad';
  document: GraphDocument;
  weights: WeightMap;
  grads: WeightMap;
  split: DataSplit;
  ctrl: Int32Array;
  indices: Int32Array;
  result: Float64Array;
  message: Uint8Array;
  dropoutSeed: number;
}

/**
 * A data-parallel helper of the compiled backend (src/main/compiled/parallel.ts): the gradient-step graph on its
 * share of each batch, in its own onnxruntime session; the same control block as GradJob.
 */
export interface CompiledGradJob {
  role: 'compiledGrad';
  /** The gradient-step graph (ONNX bytes). */
  model: Uint8Array;
  inputShape: [number, number, number];
  split: DataSplit;
  ctrl: Int32Array;
  indices: Int32Array;
  result: Float64Array;
  message: Uint8Array;
  /** θ as of the current step (shared; written by the coordinator between steps). */
  theta: Float32Array;
  /** This helper's share of the gradient, already scaled by its share of the batch (shared). */
  grad: Float32Array;
  /** Each dropout layer's mask input and per-sample shape, and its rows for this helper's share (shared). */
  dropout: { input: string; shape: number[] }[];
  masks: Float32Array[];
}

/** One-off requests answered with one result. */
export type TaskJob =
  | { role: 'task'; task: 'info'; ref: DatasetRef }
  | { role: 'task'; task: 'samples'; ref: DatasetRef; split: 'train' | 'test'; count: number; document?: GraphDocument }
  | { role: 'task'; task: 'eval'; ref: DatasetRef; document: GraphDocument; split: 'test' | 'all' };

/**
 * A compiled helper started before its job is known, while the run still loads its data: it loads onnxruntime
 * meanwhile and takes its CompiledGradJob as its first message (startSpareHelpers in compiled/onnxruntimeBackend.ts).
 */
export interface CompiledGradSpare {
  role: 'compiledGradSpare';
}

export type WorkerJob = TrainJob | GradJob | CompiledGradJob | CompiledGradSpare | TaskJob;

export type WorkerMessage =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; ok: true; value: unknown }
  | { type: 'result'; ok: false; error: string }
  | { type: 'ready' };
