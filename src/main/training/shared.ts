/**
 * Data-parallel training over worker threads, synchronised with Atomics on SharedArrayBuffers (no message per
 * batch). The coordinator (the training worker) owns the weights, in SharedArrayBuffers that every helper's model
 * reads; each helper has its own gradient buffers, also shared. Per batch the coordinator hands each helper a
 * slice of the batch's sample indices, computes its own slice, waits, sums the helpers' gradients into its own
 * (in a fixed order, so a run is reproducible for a given thread count) and takes the optimizer step while the
 * helpers wait. Batch-norm running statistics stay private to each thread; the coordinator's copy is the one
 * saved (the statistics of its share of every batch).
 */
import type { DataSplit } from '../../engine/datasets/types.js';
import type { WeightMap } from '../../engine/weights.js';

/** Int32 slots of a helper's control block. */
export const CTRL = {
  /** Incremented by the coordinator to hand out a job. */
  job: 0,
  /** Set by the helper to the job number it finished. */
  done: 1,
  /** Samples in this job. */
  count: 2,
  /** Samples in the whole batch (for the gradient scale). */
  total: 3,
  /** 1: the helper should exit. */
  quit: 4,
  /** 1: the helper failed (its message came by postMessage). */
  failed: 5,
  size: 6,
} as const;

export interface HelperChannel {
  ctrl: Int32Array;
  /** The job's sample indices into the training split. */
  indices: Int32Array;
  /** [loss, correct] of the last job. */
  result: Float64Array;
  grads: WeightMap;
}

/** A split's pixels and labels copied into shared memory, so helpers read them without a copy each. */
export function shareSplit(s: DataSplit): DataSplit {
  if (s.x.buffer instanceof SharedArrayBuffer && s.y.buffer instanceof SharedArrayBuffer) return s;
  const x = new Float32Array(new SharedArrayBuffer(s.x.byteLength));
  x.set(s.x);
  const y = new Int32Array(new SharedArrayBuffer(s.y.byteLength));
  y.set(s.y);
  return { x, y, count: s.count };
}

/** A copy of `map`'s tensors in shared memory; with `zero`, same sizes but zero-filled. */
export function shareWeights(map: WeightMap, zero = false, only?: (node: string, name: string) => boolean): WeightMap {
  const out: WeightMap = {};
  for (const [id, tensors] of Object.entries(map)) {
    for (const [name, values] of Object.entries(tensors)) {
      if (only && !only(id, name)) continue;
      const shared = new Float32Array(new SharedArrayBuffer(values.byteLength));
      if (!zero) shared.set(values);
      (out[id] ??= {})[name] = shared;
    }
  }
  return out;
}

export function createChannel(maxBatch: number, grads: WeightMap): HelperChannel {
  return {
    ctrl: new Int32Array(new SharedArrayBuffer(CTRL.size * 4)),
    indices: new Int32Array(new SharedArrayBuffer(Math.max(1, maxBatch) * 4)),
    result: new Float64Array(new SharedArrayBuffer(16)),
    grads,
  };
}
