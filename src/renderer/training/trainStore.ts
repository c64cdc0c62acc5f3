/**
 * The live state of a training run, fed by train:event. The finished run (metrics, backend, provider,
 * samples/s) and its weights go into the document's run history; this store only holds what is live.
 */
import { create } from 'zustand';
import type { EpochMetrics } from '../../engine/document.ts';
import type { Backend, Provider, TrainEvent } from '../../shared/api.ts';
import type { FallbackMessage } from '../../shared/fallback.ts';

export type TrainStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'error';

export interface BatchPoint {
  /** Fractional epoch: epoch − 1 + batch / batchesPerEpoch. */
  x: number;
  /** Means over the latest batches (the trainer's recentLoss and recentAccuracy). */
  loss: number;
  accuracy: number;
}

export interface TrainState {
  status: TrainStatus;
  runId: string | null;
  backend: string | null;
  provider: string | null;
  /** CPU threads computing each step, when the run says. */
  threads: number | null;
  /** Why the requested provider was skipped, as codes with arguments; empty when it ran. */
  fallback: FallbackMessage[];
  totalBatches: number;
  /** Epochs the run will take, from its start: the charts' x axis spans them. */
  totalEpochs: number;
  batchesDone: number;
  startedAt: number;
  samplesPerSecond: number;
  batches: BatchPoint[];
  epochs: EpochMetrics[];
  confusion: number[][] | null;
  classes: string[];
  error: string | null;
  /** The trainer's latest warning: the loss is climbing, or no better than guessing. */
  warning: string | null;
  stopped: boolean;
  /** The run id (in the document's history) the results belong to. */
  resultRunId: string | null;
  /** The run picked in the history, whose confusion matrix and curves the panel shows; null: the latest. */
  shownRunId: string | null;
  /** The graph (kinds, params, edges) the run trains, to tell whether its weights still fit the document. */
  graphKey: string;
  /** Choices for the next run, not saved in the document. */
  backendChoice: Backend;
  providerChoice: Provider;
  reset(status: TrainStatus): void;
  /** Forgets the live run's results (another document was opened). */
  clearResults(): void;
  showRun(id: string | null): void;
  onEvent(e: TrainEvent): void;
}

const LIVE_POINTS = 2000;

export const useTrainStore = create<TrainState>((set, get) => ({
  status: 'idle',
  runId: null,
  backend: null,
  provider: null,
  threads: null,
  fallback: [],
  totalBatches: 0,
  totalEpochs: 0,
  batchesDone: 0,
  startedAt: 0,
  samplesPerSecond: 0,
  batches: [],
  epochs: [],
  confusion: null,
  classes: [],
  error: null,
  warning: null,
  stopped: false,
  resultRunId: null,
  shownRunId: null,
  graphKey: '',
  backendChoice: 'auto',
  providerChoice: 'auto',
  reset(status) {
    set({
      status,
      runId: null,
      backend: null,
      provider: null,
      threads: null,
      fallback: [],
      totalBatches: 0,
      totalEpochs: 0,
      batchesDone: 0,
      startedAt: Date.now(),
      samplesPerSecond: 0,
      batches: [],
      epochs: [],
      confusion: null,
      error: null,
      warning: null,
      stopped: false,
      shownRunId: null,
    });
  },
  clearResults() {
    set({
      status: 'idle',
      runId: null,
      batches: [],
      epochs: [],
      totalEpochs: 0,
      batchesDone: 0,
      totalBatches: 0,
      confusion: null,
      classes: [],
      error: null,
      warning: null,
      resultRunId: null,
      shownRunId: null,
    });
  },
  showRun(shownRunId) {
    set({ shownRunId });
  },
  onEvent(e) {
    const s = get();
    if (s.runId && e.runId !== s.runId) return;
    switch (e.type) {
      case 'started':
        return set({
          status: 'running',
          runId: e.runId,
          backend: e.backend,
          provider: e.provider,
          threads: e.threads ?? null,
          fallback: e.fallback ?? [],
          totalBatches: e.totalBatches,
          totalEpochs: e.epochs,
          startedAt: Date.now(),
        });
      case 'batch': {
        const point = { x: e.epoch - 1 + e.batch / e.batchesPerEpoch, loss: e.recentLoss, accuracy: e.recentAccuracy };
        const done = (e.epoch - 1) * e.batchesPerEpoch + e.batch;
        // Keep the live series bounded: drop every other point when it grows past LIVE_POINTS.
        const batches =
          s.batches.length >= LIVE_POINTS ? [...s.batches.filter((_, i) => i % 2 === 0), point] : [...s.batches, point];
        return set({
          batches,
          batchesDone: done,
          samplesPerSecond: e.samplesPerSecond,
          runId: e.runId,
          status: s.status === 'stopping' ? 'stopping' : 'running',
        });
      }
      case 'epoch':
        return set({ epochs: [...s.epochs, e.metrics] });
      case 'warning':
        return set({ warning: e.message });
      case 'done':
        return set({
          shownRunId: null,
          status: 'done',
          confusion: e.confusion,
          classes: e.classes,
          stopped: e.stopped,
          resultRunId: e.run.id,
          batchesDone: e.stopped ? s.batchesDone : s.totalBatches,
        });
      case 'error':
        return set({ status: 'error', error: e.message });
    }
  },
}));

/** Seconds left, from the pace so far; null before the first batch. */
export function etaSeconds(
  s: Pick<TrainState, 'batchesDone' | 'totalBatches' | 'startedAt'>,
  now = Date.now(),
): number | null {
  if (!s.batchesDone || !s.totalBatches) return null;
  const elapsed = (now - s.startedAt) / 1000;
  return Math.max(0, (elapsed * (s.totalBatches - s.batchesDone)) / s.batchesDone);
}
