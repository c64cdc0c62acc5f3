/**
 * Data-parallel training on the compiled backend's CPU provider.
 *
 * Why: onnxruntime-node runs a session synchronously on the JS thread that calls `run` (its promise only defers
 * the call with setImmediate), and on LeNet-sized operators its intra-op threads barely pay: a LeNet-5 step
 * measured 1.00× on two intra-op threads against one. Two sessions in two threads, each on half the batch with
 * one intra-op thread, trained 1.7–1.9× as many samples per second as one session on the whole batch.
 *
 * How: the training worker and `threads − 1` helper threads each run the gradient-step graph
 * (compileGradientStep) on their share of every batch. The graph scales its gradient by the share's fraction of
 * the batch, so the shares' gradients sum to the whole batch's. The worker sums them in a fixed order (a run is
 * reproducible for a given thread count) and takes the engine's own optimizer step on θ
 * (src/engine/train/optimizers.ts, the definitions the compiled update follows). It then copies θ to shared
 * memory for the helpers. Samples stay in the dataset's shared buffers: each helper gathers its share itself.
 * The control block and its protocol are the engine's (src/main/training/atomicsProtocol.ts).
 *
 * Dropout masks are drawn for the whole batch, as the engine draws them (CompiledTrainer.drawMasks), and each
 * thread gets its rows.
 *
 * When: the CPU provider with two or more threads, and a network without batch norm, whose batch statistics
 * need the whole batch. Otherwise the single-session step runs, and `dataParallelBlocker` says why. Measured
 * against one session with the same threads as intra-op threads (2 cores, batch 64): LeNet-5 1.5×, the
 * conv-stack example 3.5×, 8 to 32 channels of 3×3 convolutions on 32×32 images 1.9–2.7×, 64 channels on 32×32
 * and on 64×64 (batch 32) 1.3×.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { compileGradientStep, type CompiledLayout, type DropoutEntry } from '../../engine/compile/index.js';
import type { DataSplit } from '../../engine/datasets/types.js';
import type { GraphDocument } from '../../engine/document.js';
import { sizeOf } from '../../engine/kernels/scratch.js';
import type { LossResult } from '../../engine/train/model.js';
import { createOptimizer, type OptimizerConfig, type Optimizer } from '../../engine/train/optimizers.js';
import { gather } from '../../engine/train/trainer.js';
import { openSession } from '../onnx/providers.js';
import {
  createChannel,
  CTRL,
  finishJob,
  helperFailure,
  postJob,
  postQuit,
  reportFailure,
  shares,
  shareSplit,
  whenReady,
} from '../training/atomicsProtocol.js';
import { startWorker } from '../training/startWorker.js';
import type { CompiledGradJob } from '../training/workerJobs.js';
import { batchFeeds, graphDefaults, type CompiledTrainer } from './runtime.js';

/**
 * How long a thread that expects news within a step polls before it sleeps in Atomics.wait: the next job comes
 * about 0.4 ms after a helper finishes (the sum and the update). Polling took about 0.15 ms off a 3.3 ms LeNet-5
 * step here, against sleeping at once.
 */
const SPIN_MS = 2;

/** Polls ctrl[slot] for up to SPIN_MS; true once it differs from `value`. */
function spinWhileEqual(ctrl: Int32Array, slot: number, value: number): boolean {
  const until = performance.now() + SPIN_MS;
  while (Atomics.load(ctrl, slot) === value) if (performance.now() > until) return false;
  return true;
}

interface AsyncWait {
  async: boolean;
  value: Promise<string> | string;
}
/** Atomics.waitAsync (ES2024; Node 16+), typed here for the ES2022 lib. */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): AsyncWait }).waitAsync;

/** Why the data-parallel step cannot run for this trainer and thread count, or null when it can. */
export function dataParallelBlocker(
  trainer: Pick<CompiledTrainer, 'provider' | 'layout'>,
  threads: number,
): string | null {
  if (trainer.provider !== 'cpu') return `the ${trainer.provider} provider runs one session`;
  if (threads < 2) return 'one thread';
  if (trainer.layout.state.length) return 'batch norm needs the whole batch’s statistics';
  return null;
}

/** Feeds of the gradient-step graph for `n` samples: the common ones, and the share's scale. */
function gradientFeeds(
  shape: [number, number, number],
  x: Float32Array,
  labels: ArrayLike<number>,
  n: number,
  theta: Float32Array,
  scale: number,
  dropout: Pick<DropoutEntry, 'input' | 'shape'>[],
  masks: Float32Array[],
): Record<string, ort.Tensor> {
  return {
    ...batchFeeds(shape, x, labels, n, theta, dropout, masks),
    'grad.scale': new ort.Tensor('float32', new Float32Array([scale]), []),
  };
}

interface Helper {
  worker: Worker;
  job: CompiledGradJob;
  /** Rejects if the thread fails or exits before close(). */
  lost: Promise<never>;
}

/** The training worker's side: its own share, the helpers' shares, the sum and the update. */
export class DataParallelStep {
  private constructor(
    private readonly trainer: CompiledTrainer,
    private readonly own: ort.InferenceSession,
    private readonly helpers: Helper[],
    private readonly split: DataSplit,
    private readonly optimizer: Optimizer,
    private readonly grad: Float32Array,
    private readonly sharedTheta: Float32Array,
    private readonly xb: Float32Array,
    private readonly yb: Int32Array,
  ) {}

  /**
   * Starts `threads − 1` helpers on `split` (the training split the run's indices point into) for the trainer's
   * document, or says why the data-parallel step does not apply ({ blocked }). θ is the trainer's, updated in place.
   */
  static async start(
    doc: GraphDocument,
    trainer: CompiledTrainer,
    split: DataSplit,
    optimizer: OptimizerConfig,
    maxBatch: number,
    threads: number,
    spares: Worker[] = [],
  ): Promise<DataParallelStep | { blocked: string }> {
    const blocked = dataParallelBlocker(trainer, threads);
    if (blocked) return { blocked };
    const layout: CompiledLayout = trainer.layout;
    const graph = compileGradientStep(doc, graphDefaults('cpu', 1));
    const shared = shareSplit(split);
    const sharedTheta = new Float32Array(new SharedArrayBuffer(layout.thetaLength * 4));
    sharedTheta.set(trainer.parameters);
    const helpers: Helper[] = [];
    for (let h = 0; h < threads - 1; h++) {
      const job: CompiledGradJob = {
        role: 'compiledGrad',
        model: graph.model,
        inputShape: layout.inputShape,
        split: shared,
        ...createChannel(maxBatch),
        theta: sharedTheta,
        grad: new Float32Array(new SharedArrayBuffer(layout.thetaLength * 4)),
        dropout: layout.dropout.map((d) => ({ input: d.input, shape: d.shape })),
        masks: layout.dropout.map(
          (d) => new Float32Array(new SharedArrayBuffer(Math.max(1, maxBatch) * sizeOf(d.shape) * 4)),
        ),
      };
      // A spare started ahead (startSpareHelpers) gets the job as a message; one that has exited (threadId −1) is
      // replaced. Its listeners below attach in this same tick, so no event of a spare is missed.
      let worker = spares.shift();
      if (worker && worker.threadId !== -1) worker.postMessage(job);
      else worker = startWorker(job);
      const lost = new Promise<never>((_, reject) => {
        worker.once('error', (e) => reject(new Error(`training thread ${h + 1} failed: ${e.message}`)));
        worker.once(
          'exit',
          (code) =>
            Atomics.load(job.ctrl, CTRL.quit) ||
            reject(new Error(`training thread ${h + 1} stopped (exit code ${code})`)),
        );
      });
      lost.catch(() => {}); // observed in step(); unobserved until then
      helpers.push({ worker, job, lost });
    }
    const ready = whenReady(helpers.map((h) => h.worker));
    ready.catch(() => {}); // awaited below, after the own session opens: not an unhandled rejection meanwhile
    let own: ort.InferenceSession | null = null;
    try {
      own = (await openSession(graph.model, 'cpu', { threads: 1 })).session;
      await ready;
    } catch (e) {
      for (const { worker } of helpers) void worker.terminate();
      await own?.release();
      throw e;
    }
    const theta = trainer.parameters;
    const grad = new Float32Array(layout.thetaLength);
    const slots = layout.params.map((p) => ({
      name: `${p.nodeId}.${p.name}`,
      value: theta.subarray(p.offset, p.offset + p.length),
      grad: grad.subarray(p.offset, p.offset + p.length),
      decay: p.decay,
    }));
    const size = sizeOf(layout.inputShape);
    return new DataParallelStep(
      trainer,
      own,
      helpers,
      shared,
      createOptimizer(optimizer, slots),
      grad,
      sharedTheta,
      new Float32Array(maxBatch * size),
      new Int32Array(maxBatch),
    );
  }

  /**
   * One step on the samples `idx` of the split: the shares' gradients, their sum, the optimizer update. A
   * non-finite loss leaves θ as it was (the engine checks the loss before its optimizer step).
   */
  async step(idx: Uint32Array): Promise<LossResult> {
    const total = idx.length;
    const [[, mine], ...jobs] = shares(total, this.helpers.length + 1);
    const dropout = this.trainer.layout.dropout;
    const masks = this.trainer.drawMasks(total);
    this.helpers.forEach((h, k) => {
      const [start, count] = jobs[k];
      if (count === 0) return;
      h.job.indices.set(idx.subarray(start, start + count));
      dropout.forEach((d, i) =>
        h.job.masks[i].set(masks[i].subarray(start * sizeOf(d.shape), (start + count) * sizeOf(d.shape))),
      );
      postJob(h.job, count, total);
    });
    const shape = this.trainer.layout.inputShape;
    gather(this.split, sizeOf(shape), idx.subarray(0, mine), this.xb, this.yb);
    const out = await this.own.run(
      gradientFeeds(shape, this.xb, this.yb, mine, this.trainer.parameters, mine / total, dropout, masks),
    );
    let lossSum = (out.loss.data as Float32Array)[0] * mine;
    let correct = Math.round((out.correct.data as Float32Array)[0]);
    this.grad.set(out.grad.data as Float32Array);
    for (const [k, h] of this.helpers.entries()) {
      const count = jobs[k][1];
      if (count === 0) continue;
      const { ctrl, result, grad } = h.job;
      const want = Atomics.load(ctrl, CTRL.job);
      // Spin briefly, then wait without blocking this thread, so a helper that dies ends the step with an error
      // instead of a hang.
      for (let d = Atomics.load(ctrl, CTRL.done); d !== want; d = Atomics.load(ctrl, CTRL.done)) {
        if (spinWhileEqual(ctrl, CTRL.done, d)) continue;
        const w = waitAsync(ctrl, CTRL.done, d);
        if (w.async) await Promise.race([w.value, h.lost]);
      }
      const failure = helperFailure(h.job, k);
      if (failure) throw failure;
      lossSum += result[0] * count;
      correct += result[1];
      for (let i = 0; i < grad.length; i++) this.grad[i] += grad[i];
    }
    const loss = lossSum / total;
    if (Number.isFinite(loss)) {
      this.optimizer.step();
      this.sharedTheta.set(this.trainer.parameters);
    }
    return { loss, correct };
  }

  async close(): Promise<void> {
    for (const { job, worker } of this.helpers) {
      postQuit(job);
      void worker.terminate();
    }
    await this.own.release();
  }
}

/**
 * The helper's side (a worker thread, role 'compiledGrad'): its own one-thread session of the gradient graph;
 * per job it gathers its share, reads θ, runs the graph and leaves the scaled gradient, loss and correct count
 * in shared memory. It polls, then sleeps, only between jobs, once the session's run has finished.
 */
export async function runCompiledHelper(job: CompiledGradJob, ready: () => void): Promise<void> {
  const { ctrl } = job;
  const session = (await openSession(job.model, 'cpu', { threads: 1 })).session;
  const size = sizeOf(job.inputShape);
  const xb = new Float32Array(job.indices.length * size);
  const yb = new Int32Array(job.indices.length);
  // onnxruntime refuses tensors over shared memory: θ is copied into a private array each step (0.25 MB for LeNet-5).
  const theta = new Float32Array(job.theta.length);
  const masks = job.masks.map((m) => new Float32Array(m.length));
  // Read the job counter before saying ready (see runHelper in ../training/engineParallel.ts).
  let seen = Atomics.load(ctrl, CTRL.job);
  ready();
  for (;;) {
    if (!spinWhileEqual(ctrl, CTRL.job, seen)) Atomics.wait(ctrl, CTRL.job, seen);
    seen = Atomics.load(ctrl, CTRL.job);
    if (Atomics.load(ctrl, CTRL.quit)) break;
    try {
      const n = ctrl[CTRL.count];
      gather(job.split, size, job.indices.subarray(0, n), xb, yb);
      theta.set(job.theta);
      masks.forEach((m, i) => m.set(job.masks[i].subarray(0, n * sizeOf(job.dropout[i].shape))));
      const out = await session.run(
        gradientFeeds(job.inputShape, xb, yb, n, theta, n / ctrl[CTRL.total], job.dropout, masks),
      );
      job.grad.set(out.grad.data as Float32Array);
      job.result[0] = (out.loss.data as Float32Array)[0];
      job.result[1] = Math.round((out.correct.data as Float32Array)[0]);
    } catch (e) {
      reportFailure(job, e);
    }
    finishJob(job, seen);
  }
  await session.release();
}
