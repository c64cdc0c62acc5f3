/**
 * The Atomics protocol of data-parallel training over worker threads, for both backends: each helper thread
 * has a control block of Int32 slots in a SharedArrayBuffer, and jobs are handed out and finished with
 * Atomics.notify / Atomics.wait (no message per batch). The coordinator (the training worker) owns the weights,
 * in SharedArrayBuffers that every helper's model reads; each helper has its own gradient buffers, also shared.
 * Per batch the coordinator hands each helper a slice of the batch's sample indices, computes its own slice,
 * waits, sums the helpers' gradients into its own (in a fixed order, so a run is reproducible for a given thread
 * count) and takes the optimizer step while the helpers wait. Batch-norm running statistics stay private to each
 * thread; the coordinator's copy is the one saved (the statistics of its share of every batch).
 */
import type { Worker } from 'node:worker_threads';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { WeightMap } from '../../engine/weights.js';
import type { WorkerMessage } from './workerJobs.js';

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

/** The shared memory of one helper's jobs, whichever backend computes them. */
export interface JobChannel {
  ctrl: Int32Array;
  /** The job's sample indices into the training split. */
  indices: Int32Array;
  /** [loss, correct] of the last job. */
  result: Float64Array;
  /** A failed job's message, UTF-8, zero-padded. */
  message: Uint8Array;
}

export interface HelperChannel extends JobChannel {
  grads: WeightMap;
}

const MESSAGE_BYTES = 1024;

/** A split's pixels and labels copied into shared memory, so helpers read them without a copy each. */
export function shareSplit(s: DataSplit): DataSplit {
  if (s.x.buffer instanceof SharedArrayBuffer && s.y.buffer instanceof SharedArrayBuffer) return s;
  // The same element type (bytes or float32) over shared memory.
  const Pixels = s.x.constructor as new (buffer: SharedArrayBuffer) => typeof s.x;
  const x = new Pixels(new SharedArrayBuffer(s.x.byteLength));
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

export function createChannel(maxBatch: number): JobChannel {
  return {
    ctrl: new Int32Array(new SharedArrayBuffer(CTRL.size * 4)),
    indices: new Int32Array(new SharedArrayBuffer(Math.max(1, maxBatch) * 4)),
    result: new Float64Array(new SharedArrayBuffer(16)),
    message: new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES)),
  };
}

/**
 * How a batch of `total` samples is shared over `parts` threads: [start, count] per part, the coordinator's
 * first. Every part but the last gets ⌈total / parts⌉ samples; a small last batch leaves some with none.
 */
export function shares(total: number, parts: number): [number, number][] {
  const per = Math.ceil(total / parts);
  return Array.from({ length: parts }, (_, k) => {
    const start = Math.min(total, k * per);
    return [start, Math.min(total, start + per) - start];
  });
}

/** Coordinator: hands a helper its job of `count` of the batch's `total` samples (indices already written). */
export function postJob(ch: JobChannel, count: number, total: number): void {
  ch.ctrl[CTRL.count] = count;
  ch.ctrl[CTRL.total] = total;
  Atomics.add(ch.ctrl, CTRL.job, 1);
  Atomics.notify(ch.ctrl, CTRL.job);
}

/** Coordinator: asks a helper to exit (it wakes for a job and finds the quit flag). */
export function postQuit(ch: JobChannel): void {
  Atomics.store(ch.ctrl, CTRL.quit, 1);
  Atomics.add(ch.ctrl, CTRL.job, 1);
  Atomics.notify(ch.ctrl, CTRL.job);
}

/** Coordinator: the Error of helper `h`'s failed job (1-based in the message), or null. */
export function helperFailure(ch: JobChannel, h: number): Error | null {
  if (!Atomics.load(ch.ctrl, CTRL.failed)) return null;
  const message = new TextDecoder().decode(ch.message.slice()).replace(/\0+$/, '');
  return new Error(`training thread ${h + 1} failed: ${message}`);
}

/** Helper: records why the current job failed. */
export function reportFailure(ch: JobChannel, e: unknown): void {
  const bytes = new TextEncoder().encode(String((e as Error).message ?? e)).subarray(0, ch.message.length);
  ch.message.fill(0);
  ch.message.set(bytes);
  Atomics.store(ch.ctrl, CTRL.failed, 1);
}

/** Helper: job number `seen` is finished (its results written). */
export function finishJob(ch: JobChannel, seen: number): void {
  Atomics.store(ch.ctrl, CTRL.done, seen);
  Atomics.notify(ch.ctrl, CTRL.done);
}

/** Coordinator: resolves once every helper says it is ready; when one cannot start, stops them all and rejects. */
export async function whenReady(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w, h) =>
        new Promise<void>((resolve, reject) => {
          const failed = (why: string) => new Error(`training thread ${h + 1} failed to start: ${why}`);
          w.once('message', (m: WorkerMessage) => {
            if (m.type === 'ready') resolve();
            else reject(failed(m.type === 'result' && !m.ok ? m.error : 'unexpected message'));
          });
          w.once('error', (e) => reject(failed(e.message)));
        }),
    ),
  ).catch((e) => {
    for (const w of workers) void w.terminate();
    throw e;
  });
}
