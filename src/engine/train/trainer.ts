/**
 * The training loop: seeded shuffling, a validation split held out of the training samples, mini-batches,
 * per-batch progress and per-epoch metrics, a stop flag checked before every batch, NaN/Inf detection, and
 * warnings when the loss climbs or stays at guessing level (lossWatch). Pure; the service runs it in a worker thread
 * and supplies the clock and the stop flag.
 */
import { copySamples, type DataSplit } from '../datasets/types.js';
import type { EpochMetrics, TrainingSettings } from '../document.js';
import { sizeOf } from '../kernels/scratch.js';
import { createRng, shuffledIndices } from '../rng.js';
import { evaluate, type Evaluation } from './evaluate.js';
import type { LossResult, Model } from './model.js';
import type { Optimizer } from './optimizers.js';

export interface BatchProgress {
  /** 1-based, like the messages. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Means over this epoch's batches so far (what the CLI's progress line shows). */
  loss: number;
  accuracy: number;
  /**
   * Means over the latest RECENT_BATCHES batches, across epoch boundaries: the live charts plot these, since the
   * epoch means jump when an epoch starts afresh.
   */
  recentLoss: number;
  recentAccuracy: number;
  samplesPerSecond: number;
}

/** How many of the latest batches `recentLoss` and `recentAccuracy` average. */
export const RECENT_BATCHES = 20;

export interface TrainHooks {
  /** Checked before every batch: stopping takes effect within one batch. */
  shouldStop?: () => boolean;
  onBatch?: (p: BatchProgress) => void;
  onEpoch?: (m: EpochMetrics) => void;
  /** At most once per run and kind: the loss climbs, or stays at guessing level (lossWatch; the run goes on). */
  onWarning?: (w: TrainWarning) => void;
  /** Milliseconds; Date.now by default (workers pass performance.now). */
  now?: () => number;
  /**
   * Adds the gradient of the mean loss over `indices` (samples of the training split) into model.grads, which
   * the trainer zeroes first. Default: one model.lossAndGrads over the whole batch. Data-parallel workers
   * replace it.
   */
  gradients?: (indices: Uint32Array) => LossResult;
}

export interface TrainFailure {
  message: string;
  epoch: number;
  batch: number;
}

export type TrainWarning = TrainFailure;

export interface TrainResult {
  epochs: EpochMetrics[];
  stopped: boolean;
  error: TrainFailure | null;
  warnings: TrainWarning[];
}

/** The loss trend is the mean of this many latest batches. */
const TREND_BATCHES = 10;
/** Steps a network gets before it is called "not learning". */
const GUESSING_AFTER = 50;

/**
 * The cross-entropy of always answering with the class frequencies of `indices` — the best a network that has
 * learned nothing from the pixels can do (ln K for K balanced classes).
 */
export function guessingLoss(labels: ArrayLike<number>, indices: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < indices.length; i++) counts.set(labels[indices[i]], (counts.get(labels[indices[i]]) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / indices.length) * Math.log(c / indices.length);
  return h;
}

/**
 * Watches a run's batch losses for the two ways a run fails without a NaN, and says so once each. The trend is
 * the mean loss of the latest 10 batches, judged once 10 batches have run:
 *   - climbing: the trend rises above twice the first batch's loss and at least 1 above it (the +1 keeps an
 *     already trained network, whose first loss is small, from warning over noise) — a learning rate too high;
 *   - guessing: at the end of an epoch, after at least 50 batches, the trend is no lower than `guess`
 *     (guessingLoss) — the network answers with the class frequencies whatever the image, as when a large
 *     step has silenced every relu, or when a tiny learning rate has not moved it yet.
 */
export function lossWatch(lr: number, guess: number) {
  const latest = latestMean(TREND_BATCHES);
  let first = NaN;
  let seen = 0;
  let climbing = false;
  let guessing = false;
  const trend = () => latest.mean();
  return {
    batch(loss: number, epoch: number, batch: number): string | null {
      if (seen++ === 0) first = loss;
      latest.add(loss, 1);
      if (climbing || seen < TREND_BATCHES || !(trend() > Math.max(2 * first, first + 1))) return null;
      climbing = true;
      return (
        `the loss is climbing: ${fmt(trend())} over the 10 batches to epoch ${epoch}, batch ${batch}, ` +
        `against ${fmt(first)} at the first batch — training is diverging; ` +
        `the learning rate (${lr}) is probably too high; try a lower one, e.g. ${lr / 10}`
      );
    },
    epochEnd(epoch: number): string | null {
      if (guessing || climbing || seen < GUESSING_AFTER || !(trend() >= guess - 0.01)) return null;
      guessing = true;
      return (
        `the network is not learning: at the end of epoch ${epoch} its loss ` +
        `(${fmt(trend())} over the last 10 batches; ${fmt(first)} at the first) ` +
        `is no better than guessing by class frequency (${fmt(guess)}), whatever the image. ` +
        `If the loss barely moved, the learning rate (${lr}) is too low: try ${lr * 10}, or more epochs; ` +
        `if it fell to that level and stays there, it is probably too high: try ${lr / 10}`
      );
    },
  };
}

/**
 * Σ sum / Σ weight over the latest `window` entries added (a ring): the loss trend (each batch's loss, weight 1) and
 * the charts' recent means (a batch's loss sum or correct count, weighted by its samples).
 */
function latestMean(window: number) {
  const sums = new Float64Array(window);
  const weights = new Float64Array(window);
  let next = 0;
  return {
    add(sum: number, weight: number) {
      sums[next] = sum;
      weights[next] = weight;
      next = (next + 1) % window;
    },
    mean(): number {
      let s = 0;
      let w = 0;
      for (let i = 0; i < window; i++) {
        s += sums[i];
        w += weights[i];
      }
      return s / w;
    },
  };
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 ? v.toExponential(1) : v.toFixed(2));

/** Seeded split of the training samples: the same seed holds out the same validation samples. */
export function splitIndices(count: number, valSplit: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  if (!(valSplit >= 0 && valSplit < 1)) throw new Error(`validation split must be in [0, 1), not ${valSplit}`);
  const all = shuffledIndices(count, createRng(seed ^ 0x5eed));
  const nVal = Math.floor(count * valSplit);
  return { train: all.slice(0, count - nVal).sort(), val: all.slice(count - nVal).sort() };
}

/** Gathers samples `indices` of `split` into a batch buffer, as float32 in [0, 1] (bytes become b / 255). */
export function gather(
  split: DataSplit,
  size: number,
  indices: ArrayLike<number>,
  x: Float32Array,
  y: Int32Array,
): void {
  copySamples(split.x, size, indices, x);
  for (let s = 0; s < indices.length; s++) y[s] = split.y[indices[s]];
}

/**
 * What one backend does for the loop: a training step on some samples of the training split (forward,
 * backward and, when the loss is finite, the update) and an evaluation of some samples. The engine's steps are
 * synchronous, onnxruntime's are not; the loop awaits either.
 */
export interface StepRunner {
  step(indices: Uint32Array): LossResult | Promise<LossResult>;
  evaluate(indices: Uint32Array): Evaluation | Promise<Evaluation>;
}

/**
 * The loop every backend shares: the seeded validation split, a seeded shuffle per epoch, mini-batches, the stop
 * flag before every batch, the NaN/Inf message, and the per-batch and per-epoch metrics.
 */
export async function runEpochs(
  runner: StepRunner,
  data: DataSplit,
  settings: TrainingSettings,
  hooks: Omit<TrainHooks, 'gradients'> = {},
): Promise<TrainResult> {
  const now = hooks.now ?? Date.now;
  const { train: trainIdx, val: valIdx } = splitIndices(data.count, settings.valSplit, settings.seed);
  if (trainIdx.length === 0) throw new Error('no training samples are left after the validation split');
  const bs = Math.max(1, Math.min(settings.batchSize, trainIdx.length));
  const batches = Math.ceil(trainIdx.length / bs);
  const rng = createRng(settings.seed);
  const epochs: EpochMetrics[] = [];
  const order = new Uint32Array(trainIdx.length);
  const watch = lossWatch(settings.lr, guessingLoss(data.y, trainIdx));
  const recentLoss = latestMean(RECENT_BATCHES);
  const recentCorrect = latestMean(RECENT_BATCHES);
  const warnings: TrainWarning[] = [];
  const warn = (message: string | null, epoch: number, batch: number) => {
    if (!message) return;
    const w = { message, epoch, batch };
    warnings.push(w);
    hooks.onWarning?.(w);
  };

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const t0 = now();
    const perm = shuffledIndices(trainIdx.length, rng);
    for (let i = 0; i < perm.length; i++) order[i] = trainIdx[perm[i]];
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      if (hooks.shouldStop?.()) return { epochs, stopped: true, error: null, warnings };
      const idx = order.subarray(b * bs, Math.min((b + 1) * bs, order.length));
      const r = await runner.step(idx);
      if (!Number.isFinite(r.loss)) {
        const message =
          `the loss became ${Number.isNaN(r.loss) ? 'NaN' : 'infinite'} at epoch ${epoch}, batch ${b + 1} — ` +
          `the learning rate (${settings.lr}) is probably too high; try a lower one, e.g. ${settings.lr / 10}`;
        return { epochs, stopped: false, error: { message, epoch, batch: b + 1 }, warnings };
      }
      warn(watch.batch(r.loss, epoch, b + 1), epoch, b + 1);
      lossSum += r.loss * idx.length;
      correct += r.correct;
      seen += idx.length;
      recentLoss.add(r.loss * idx.length, idx.length);
      recentCorrect.add(r.correct, idx.length);
      const elapsed = (now() - t0) / 1000;
      hooks.onBatch?.({
        epoch,
        batch: b + 1,
        batchesPerEpoch: batches,
        loss: lossSum / seen,
        accuracy: correct / seen,
        recentLoss: recentLoss.mean(),
        recentAccuracy: recentCorrect.mean(),
        samplesPerSecond: elapsed > 0 ? seen / elapsed : 0,
      });
    }
    warn(watch.epochEnd(epoch), epoch, batches);
    const trainSeconds = (now() - t0) / 1000;
    const val = valIdx.length ? await runner.evaluate(valIdx) : null;
    const m: EpochMetrics = {
      epoch,
      loss: lossSum / seen,
      accuracy: correct / seen,
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      samplesPerSecond: trainSeconds > 0 ? seen / trainSeconds : 0,
      seconds: (now() - t0) / 1000,
    };
    epochs.push(m);
    hooks.onEpoch?.(m);
  }
  return { epochs, stopped: false, error: null, warnings };
}

/** Trains the engine's model: the shared loop with the engine's step (gradients, then the optimizer's update). */
export function train(
  model: Model,
  optimizer: Optimizer,
  data: DataSplit,
  settings: TrainingSettings,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const size = sizeOf(model.inputShape);
  const bs = Math.max(1, Math.min(settings.batchSize, data.count));
  const xb = new Float32Array(bs * size);
  const yb = new Int32Array(bs);
  const gradients =
    hooks.gradients ??
    ((idx: Uint32Array) => {
      gather(data, size, idx, xb, yb);
      return model.lossAndGrads(xb.subarray(0, idx.length * size), yb.subarray(0, idx.length), idx.length);
    });
  return runEpochs(
    {
      step(idx) {
        model.zeroGrads();
        const r = gradients(idx);
        if (Number.isFinite(r.loss)) optimizer.step();
        return r;
      },
      evaluate: (indices) => evaluate(model, data, { indices }),
    },
    data,
    settings,
    hooks,
  );
}
