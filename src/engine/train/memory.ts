/**
 * Memory a training run needs, estimated before it starts, so an impossible run (a locally-connected layer on a
 * large image, a huge batch) is refused with the estimate and the layer responsible instead of crashing the app.
 *
 * Per layer, in bytes (float32 = 4 bytes, T = worker threads, B = batch size, b = ⌈B / T⌉ a thread's share):
 *   parameters: 4·params · (1 weights + T gradient copies + optimizer state: 1 SGD-momentum, 2 Adam) + 4·state;
 *   kept for the backward: 4·outputSize·B for the output, plus one more output-sized buffer where the forward
 *     keeps one (maxPool2d its argmax, dropout its mask's scale, batchNorm x̂); nothing where the output is its
 *     input (flatten, a linear activation, dropout at rate 0);
 *   gradients: 4·outputSize·B, as large as the output (an upper bound: the backward lets each go once used);
 *   work buffers: the kernels' scratch slots (kernels/scratch.ts), each as large as the largest layer asks, per
 *     thread (layerScratch below); reused from layer to layer, so each slot counts once.
 * Evaluation (validation after each epoch, the test split at the end) runs forward only, E samples at a time
 * (EVAL_BATCH), and holds every layer's output until its forward ends: 4·E·(input + Σ outputSize), while the
 * training step's buffers are still held.
 * Plus the dataset's pixels and a fixed allowance for the JS runtime and each worker (RUNTIME_BYTES).
 * tests/memory-estimate.test.ts runs a training step of each kind and checks these against what it allocates.
 */
import type { Analysis, NodeInfo } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { chunkOf, sizeOf } from '../kernels/scratch.js';
import { pair, paddingOf, windowOf } from '../layers/geometry.js';
import { activationOf } from '../layers/specs.js';
import type { Params } from '../types.js';

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
  /** Outputs and forward caches kept for the backward, and the gradients of the outputs. */
  activations: number;
  /** The part of `activations` kept from the forward for the backward. */
  kept: number;
  /** Scratch slots, all threads together. */
  workBuffers: number;
  /** An evaluation forward's batch and layer outputs (MemoryOptions.evalBatchSize). */
  evaluation: number;
  /** One thread's scratch, bytes per slot (kernels/scratch.ts slot names). */
  scratch: Record<string, number>;
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
  /** Samples an evaluation forward takes at once (EVAL_BATCH in evaluate.ts); none counted without it. */
  evalBatchSize?: number;
  /**
   * The document the analysis is of: its params (activation, padding, stride, dropout rate) size the kept
   * buffers and work buffers exactly. Without it, every layer counts as activated and as padded as "same" pads
   * at stride 1 (an upper bound).
   */
  doc?: GraphDocument;
}

/** What one node's training step holds, in floats. */
interface NodeUse {
  /** Kept from the forward for the backward, whole batch. */
  kept: number;
  /** The gradient of its output, whole batch. */
  grad: number;
  /** Scratch slot → floats, one thread's share of the batch. */
  scratch: Record<string, number>;
}

interface NodeContext {
  /** Undefined when the estimate has no document. */
  params: Params | undefined;
  batch: number;
  /** One thread's share of the batch. */
  share: number;
  /** The network's output layer: the model trains it without its softmax (train/model.ts). */
  isOutput: boolean;
  /** Its first input is the network's input, whose gradient no layer computes. */
  readsInput: boolean;
}

/** The activation a layer runs with in training: the output layer's softmax is fused into the loss. */
function trainedActivation(c: NodeContext, param: 'activation' | 'fn' = 'activation'): string {
  if (!c.params) return 'unknown';
  const fn = activationOf(c.params, param);
  return c.isOutput && fn === 'softmax' ? 'linear' : fn;
}

/**
 * The scratch slots a kind's kernels ask for (layers/conv2d/kernels.ts, layers/locallyConnected2d/kernels.ts,
 * layers/depthwiseConv2d/kernels.ts, layers/dense/index.ts), in floats for one thread's share of the batch.
 */
function layerScratch(n: NodeInfo, c: NodeContext): Record<string, number> {
  const out = sizeOf(n.outputShape!);
  const dz = trainedActivation(c) === 'linear' ? 0 : c.share * out;
  if (n.kind === 'dense') return { 'dense.dz': dz };
  if (n.kind === 'depthwiseConv2d') return { 'depthwise.dz': dz };
  if (n.kind !== 'conv2d' && n.kind !== 'locallyConnected2d') return {};
  const [ch, h, w] = n.inputShapes[0];
  const [, oh, ow] = n.outputShape!;
  // conv2d's W is [F, C, kh, kw]; locallyConnected2d's [oh·ow, C·kh·kw, F].
  const W = n.tensors.find((t) => t.name === 'W')!.shape;
  if (n.kind === 'conv2d') {
    // One padded image and its gradient (conv's implicit im2col builds no patch matrix), and dZ.
    let padded = ch * (h + W[2] - 1) * (w + W[3] - 1);
    if (c.params) {
      const win = windowOf(h, w, pair(c.params.kernelSize), pair(c.params.stride, [1, 1]), paddingOf(c.params));
      padded = ch * (h + win.padsBegin[0] + win.padsEnd[0]) * (w + win.padsBegin[1] + win.padsEnd[1]);
    }
    return { 'conv.xp': padded, 'conv.dxp': padded, 'conv.dz': dz };
  }
  // Patch matrices for chunks of samples below COL_LIMIT floats, their gradient unless the input needs none.
  const perSample = W[1] * oh * ow;
  const col = perSample * chunkOf(c.share, perSample);
  return { 'lc.col': col, 'lc.dcol': c.readsInput ? 0 : col, 'lc.dz': dz };
}

/** Nothing of its own: the output is the input, and so is the gradient. */
const PASS_THROUGH: NodeUse = { kept: 0, grad: 0, scratch: {} };

function nodeUse(n: NodeInfo, c: NodeContext): NodeUse {
  const out = sizeOf(n.outputShape!) * c.batch;
  switch (n.kind) {
    case 'input':
      return { kept: out, grad: 0, scratch: {} };
    case 'flatten':
      return PASS_THROUGH;
    case 'activation':
      return trainedActivation(c, 'fn') === 'linear' ? PASS_THROUGH : { kept: out, grad: out, scratch: {} };
    case 'dropout': {
      const rate = (c.params?.rate as number | undefined) ?? 0.5;
      return rate > 0 ? { kept: 2 * out, grad: out, scratch: {} } : PASS_THROUGH;
    }
    case 'maxPool2d':
    case 'batchNorm':
      return { kept: 2 * out, grad: out, scratch: {} };
    default:
      return { kept: out, grad: out, scratch: layerScratch(n, c) };
  }
}

export function estimateMemory(a: Analysis, o: MemoryOptions): MemoryEstimate {
  const threads = Math.max(1, o.threads ?? 1);
  const share = Math.ceil(o.batchSize / threads);
  const nodes = new Map(o.doc?.nodes.map((n) => [n.id, n]));
  const firstInput = new Map<string, string>();
  for (const e of o.doc?.edges ?? []) if (!firstInput.has(e.target)) firstInput.set(e.target, e.source);
  const est: MemoryEstimate = {
    total: 0,
    weights: 0,
    grads: 0,
    optimizer: 0,
    activations: 0,
    kept: 0,
    workBuffers: 0,
    evaluation: 0,
    scratch: {},
    data: o.dataBytes ?? 0,
    runtime: RUNTIME_BYTES * (1 + threads),
    layers: [],
    largest: null,
  };
  for (const id of a.order) {
    const n = a.nodes[id];
    if (!n.connected || !n.outputShape) continue;
    const trainable = n.tensors.filter((t) => t.role !== 'state').reduce((s, t) => s + sizeOf(t.shape), 0);
    const state = n.tensors.filter((t) => t.role === 'state').reduce((s, t) => s + sizeOf(t.shape), 0);
    const weights = 4 * (trainable + state * threads);
    const grads = 4 * trainable * threads;
    const optimizer = 4 * trainable * o.optimizerStatePerParam;
    const use = nodeUse(n, {
      params: o.doc ? (nodes.get(id)?.params ?? {}) : undefined,
      batch: o.batchSize,
      share,
      isOutput: id === a.outputIds[0],
      readsInput: firstInput.get(id) === a.inputId,
    });
    const activations = 4 * (use.kept + use.grad);
    let work = 0;
    for (const [slot, floats] of Object.entries(use.scratch)) {
      work += 4 * floats * threads;
      est.scratch[slot] = Math.max(est.scratch[slot] ?? 0, 4 * floats);
    }
    est.weights += weights;
    est.grads += grads;
    est.optimizer += optimizer;
    est.kept += 4 * use.kept;
    est.evaluation += 4 * sizeOf(n.outputShape) * (o.evalBatchSize ?? 0);
    est.activations += activations;
    est.layers.push({ id, kind: n.kind, bytes: weights + grads + optimizer + activations + work, params: trainable });
  }
  est.workBuffers = Object.values(est.scratch).reduce((s, b) => s + b, 0) * threads;
  const training = est.weights + est.grads + est.optimizer + est.activations + est.workBuffers;
  est.total = training + est.evaluation + est.data + est.runtime;
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
  if (est.data > l.bytes) {
    return (
      `training needs about ${formatBytes(est.total)} of memory, more than the ${formatBytes(limit)} allowed; ` +
      `the largest part is the dataset's pixels and labels, ${formatBytes(est.data)} — use a smaller dataset, ` +
      'or smaller images (an image folder is resized to the input)'
    );
  }
  const advice =
    l.kind === 'locallyConnected2d'
      ? 'a locally-connected layer has its own weights at every position: ' +
        'use a smaller input, fewer filters, a stride, or conv2d'
      : l.kind === 'dense'
        ? 'reduce its units, or shrink its input with pooling or strides before it'
        : 'use a smaller batch size, a smaller input, or fewer filters';
  const part = `${l.kind} "${l.id}" with ${formatBytes(l.bytes)}`;
  return (
    `training needs about ${formatBytes(est.total)} of memory, more than the ${formatBytes(limit)} allowed; ` +
    `the largest part is ${part} (${l.params.toLocaleString('en-US')} parameters plus its activations) — ${advice}`
  );
}
