/**
 * Memory a training run needs, estimated before it starts, so an impossible run (a locally-connected layer on a
 * large image, a huge batch) is refused with the estimate and the layer responsible instead of crashing the app.
 *
 * Per layer, in bytes (float32 = 4 bytes, T = worker threads, B = batch size):
 *   parameters: 4·params · (1 weights + T gradient copies + optimizer state: 1 SGD-momentum, 2 Adam) + 4·state;
 *   activations: 4·outputSize·B · 2 — each output is kept for the backward and its gradient has the same size;
 *   work buffers: conv and locally-connected layers unfold their input (im2col) in chunks of at most
 *   COL_LIMIT floats; forward and backward hold up to three such buffers per thread.
 * Plus the dataset's pixels and a fixed allowance for the JS runtime and each worker (RUNTIME_BYTES).
 */
import type { Analysis } from '../analyze.js';
import { COL_LIMIT } from '../kernels/scratch.js';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
/** Default ceiling when the caller gives none. */
export const DEFAULT_MEMORY_LIMIT = 4 * GiB;
/** Node's heap, code and buffers of an idle process or worker (measured: ~40 MB, rounded up). */
export const RUNTIME_BYTES = 64 * MiB;

export interface LayerMemory {
  id: string;
  kind: string;
  bytes: number;
  params: number;
}

export interface MemoryEstimate {
  total: number;
  weights: number;
  grads: number;
  optimizer: number;
  activations: number;
  workBuffers: number;
  data: number;
  runtime: number;
  layers: LayerMemory[];
  /** The layer with the largest share. */
  largest: LayerMemory | null;
}

export interface MemoryOptions {
  batchSize: number;
  /** Float32 values of optimizer state per parameter (see optimizerStatePerParam). */
  optimizerStatePerParam: number;
  threads?: number;
  /** Bytes of the dataset's pixels and labels. */
  dataBytes?: number;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export function estimateMemory(a: Analysis, o: MemoryOptions): MemoryEstimate {
  const threads = Math.max(1, o.threads ?? 1);
  const perThreadBatch = Math.ceil(o.batchSize / threads);
  const est: MemoryEstimate = { total: 0, weights: 0, grads: 0, optimizer: 0, activations: 0, workBuffers: 0, data: o.dataBytes ?? 0, runtime: RUNTIME_BYTES * (1 + threads), layers: [], largest: null };
  for (const id of a.order) {
    const n = a.nodes[id];
    if (!n.connected || !n.outputShape) continue;
    const trainable = n.tensors.filter((t) => t.role !== 'state').reduce((s, t) => s + size(t.shape), 0);
    const state = n.tensors.filter((t) => t.role === 'state').reduce((s, t) => s + size(t.shape), 0);
    const weights = 4 * (trainable + state * threads);
    const grads = 4 * trainable * threads;
    const optimizer = 4 * trainable * o.optimizerStatePerParam;
    // The input's batch is kept too (the first layer's backward reads it).
    const activations = 4 * size(n.outputShape) * o.batchSize * (n.kind === 'input' ? 1 : 2);
    let work = 0;
    if (n.kind === 'conv2d' || n.kind === 'locallyConnected2d') {
      const [c] = n.inputShapes[0];
      const k = n.tensors.find((t) => t.name === 'W')!;
      const patch = n.kind === 'conv2d' ? c * k.shape[2] * k.shape[3] : k.shape[1];
      const positions = n.outputShape[1] * n.outputShape[2];
      const perSample = patch * positions;
      work = 4 * 3 * Math.min(COL_LIMIT, Math.max(perSample, perSample * perThreadBatch)) * threads;
    }
    est.weights += weights;
    est.grads += grads;
    est.optimizer += optimizer;
    est.activations += activations;
    // Work buffers are reused from layer to layer; count the largest, not the sum.
    est.workBuffers = Math.max(est.workBuffers, work);
    est.layers.push({ id, kind: n.kind, bytes: weights + grads + optimizer + activations + work, params: trainable });
  }
  est.total = est.weights + est.grads + est.optimizer + est.activations + est.workBuffers + est.data + est.runtime;
  est.largest = est.layers.reduce<LayerMemory | null>((m, l) => (!m || l.bytes > m.bytes ? l : m), null);
  return est;
}

export function formatBytes(b: number): string {
  if (b >= GiB) return `${(b / GiB).toFixed(1)} GB`;
  if (b >= MiB) return `${Math.round(b / MiB)} MB`;
  return `${Math.round(b / 1024)} kB`;
}

/** A message refusing the run when the estimate exceeds `limit`, else null. */
export function memoryRefusal(est: MemoryEstimate, limit: number): string | null {
  if (est.total <= limit) return null;
  const l = est.largest!;
  const advice =
    l.kind === 'locallyConnected2d'
      ? 'a locally-connected layer has its own weights at every position: use a smaller input, fewer filters, a stride, or conv2d'
      : l.kind === 'dense'
        ? 'reduce its units, or shrink its input with pooling or strides before it'
        : 'use a smaller batch size, a smaller input, or fewer filters';
  return `training needs about ${formatBytes(est.total)} of memory, more than the ${formatBytes(limit)} allowed; the largest part is ${l.kind} "${l.id}" with ${formatBytes(l.bytes)} (${l.params.toLocaleString('en-US')} parameters plus its activations) — ${advice}`;
}
