/**
 * The training service behind train:*, dataset:* (Electron IPC, browser mode, CLI). All work runs in worker
 * threads, so the caller's event loop never blocks: one worker per training run (plus data-parallel helpers it
 * starts itself) and one per one-off request (dataset info, samples, evaluation).
 *
 *   const service = new TrainingService();
 *   const r = await service.start({ document, settings }, (event) => …);   // r.ok → r.runId
 *   await service.stop(r.runId);                                           // takes effect within one batch
 */
import { availableParallelism, freemem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { checkGraph } from '../../engine/train/check.js';
import { DEFAULT_MEMORY_LIMIT } from '../../engine/train/memory.js';
import type { GraphDocument } from '../../engine/document.js';
import type {
  DatasetInfo,
  DatasetRef,
  EvalResult,
  Result,
  SampleImages,
  TrainEvent,
  TrainStartRequest,
} from '../../shared/api.js';
import { startWorker } from './startWorker.js';
import type { TaskJob, TrainJob, WorkerMessage } from './workerJobs.js';

export interface TrainingServiceOptions {
  /** Largest memory estimate a run may have; default min(4 GB, 3/4 of free memory). */
  memoryLimit?: number;
  /** Threads per run when a request gives none; default min(2, cores). */
  threads?: number;
}

/** Threads that pay off here: data-parallel over both cores (see bench/train-lenet.ts). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Run {
  worker: Worker;
  stop: Int32Array;
  finished: Promise<void>;
}

let counter = 0;

export class TrainingService {
  private readonly runs = new Map<string, Run>();
  private readonly tasks = new Set<Worker>();

  constructor(private readonly options: TrainingServiceOptions = {}) {}

  /** Starts a run; the graph's own problems are answered at once, dataset problems come as an error event. */
  async start(req: TrainStartRequest, emit: (e: TrainEvent) => void): Promise<Result<{ runId: string }>> {
    try {
      checkGraph(req.document);
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
    const runId = `run-${Date.now().toString(36)}-${(++counter).toString(36)}`;
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const threads = Math.max(1, Math.min(16, Math.floor(req.threads ?? this.options.threads ?? defaultThreads())));
    const memoryLimit = this.options.memoryLimit ?? Math.min(DEFAULT_MEMORY_LIMIT, 0.75 * freemem());
    const job: TrainJob = { role: 'train', runId, request: req, stop, memoryLimit, threads };
    const worker = startWorker(job);
    let ended = false;
    const end = (event?: TrainEvent) => {
      if (ended) return;
      ended = true;
      if (event) emit(event);
      this.runs.delete(runId);
      void worker.terminate();
    };
    const finished = new Promise<void>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type !== 'event' || ended) return;
        if (m.event.type === 'done' || m.event.type === 'error') end(m.event);
        else emit(m.event);
      });
      worker.on('error', (e) => end({ type: 'error', runId, message: `the training worker failed: ${e.message}` }));
      worker.on('exit', (code) => {
        end(
          code === 0
            ? undefined
            : { type: 'error', runId, message: `the training worker stopped unexpectedly (exit code ${code})` },
        );
        resolve();
      });
    });
    this.runs.set(runId, { worker, stop, finished });
    return { ok: true, runId };
  }

  /** Asks a run to stop; it finishes its batch, evaluates and sends `done` with `stopped: true`. */
  async stop(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run) Atomics.store(run.stop, 0, 1);
  }

  /** Resolves when the run's worker has exited (after its done or error event). */
  async finished(runId: string): Promise<void> {
    await this.runs.get(runId)?.finished;
  }

  async evaluate(req: {
    document: GraphDocument;
    dataset: DatasetRef;
    split: 'test' | 'all';
  }): Promise<Result<EvalResult>> {
    return this.task<EvalResult>(
      { role: 'task', task: 'eval', ref: req.dataset, document: req.document, split: req.split },
      (value) => value,
    );
  }

  async datasetInfo(ref: DatasetRef): Promise<Result<{ info: DatasetInfo }>> {
    return this.task<DatasetInfo, { info: DatasetInfo }>({ role: 'task', task: 'info', ref }, (info) => ({ info }));
  }

  async datasetSamples(
    req: DatasetRef & { split: 'train' | 'test'; count: number; document?: GraphDocument },
  ): Promise<Result<SampleImages>> {
    const { split, count, document, ...ref } = req;
    return this.task<SampleImages>({ role: 'task', task: 'samples', ref, split, count, document }, (value) => value);
  }

  /** Stops every run and task (the app is quitting). */
  async dispose(): Promise<void> {
    for (const run of this.runs.values()) Atomics.store(run.stop, 0, 1);
    await Promise.all(
      [...this.runs.values(), ...[...this.tasks].map((worker) => ({ worker }))].map(({ worker }) => worker.terminate()),
    );
    this.runs.clear();
    this.tasks.clear();
  }

  private task<T extends object, R extends object = T>(job: TaskJob, wrap: (value: T) => R): Promise<Result<R>> {
    return new Promise((resolve) => {
      const worker = startWorker(job);
      this.tasks.add(worker);
      let answered = false;
      const answer = (r: Result<R>) => {
        if (answered) return;
        answered = true;
        this.tasks.delete(worker);
        void worker.terminate();
        resolve(r);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'result') answer(m.ok ? { ok: true, ...wrap(m.value as T) } : { ok: false, error: m.error });
      });
      worker.on('error', (e) => answer({ ok: false, error: e.message }));
      worker.on('exit', (code) =>
        answer({ ok: false, error: `the dataset worker stopped unexpectedly (exit code ${code})` }),
      );
    });
  }
}
