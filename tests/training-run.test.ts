/**
 * The one training run loop (src/main/training/run.ts) over stand-in backends: the events it sends and their
 * order, the batch-event throttle, the run record, the memory refusal before any backend opens, 'auto' falling
 * back to the engine when onnxruntime cannot open, a training failure, and that every backend it created is
 * closed however the run ends.
 */
import { describe, expect, it } from 'vitest';
import type { DataSplit } from '../src/engine/datasets/types.js';
import { normalizeSettings } from '../src/engine/train/settings.js';
import type { BatchProgress, TrainResult } from '../src/engine/train/trainer.js';
import type { Backend, TrainEvent } from '../src/shared/api.js';
import type { OpenBackend, TrainingBackend } from '../src/main/training/backend.js';
import { runTraining, type BackendFactories } from '../src/main/training/run.js';
import type { TrainJob } from '../src/main/training/workerJobs.js';
import { chain, node } from './helpers.js';

const doc = chain(
  node('in', 'input', { channels: 1, height: 8, width: 8 }),
  node('flat', 'flatten'),
  node('out', 'dense', { units: 5, activation: 'softmax' }),
);
const settings = normalizeSettings({ dataset: 'shapes', epochs: 2, batchSize: 10, valSplit: 0, seed: 1 });

interface Log {
  created: string[];
  opened: string[];
  closed: string[];
}

/** A backend that trains nothing: its train() reports `batches` progress calls per epoch as fast as it can. */
function standIn(
  name: Exclude<Backend, 'auto'>,
  log: Log,
  options: { failOpen?: boolean; result?: Partial<TrainResult> } = {},
) {
  return (): TrainingBackend => {
    log.created.push(name);
    return {
      memoryPlan: () => ({ threads: 1, dataBytes: 0 }),
      async open({ weights }): Promise<OpenBackend> {
        log.opened.push(name);
        if (options.failOpen) throw new Error(`${name} cannot open this graph`);
        return {
          place: {
            backend: name,
            provider: 'cpu',
            threads: 1,
            ...(name === 'onnxruntime' ? { fallbackReason: 'no GPU' } : {}),
          },
          async train(hooks) {
            for (let epoch = 1; epoch <= 2; epoch++) {
              for (let batch = 1; batch <= 500; batch++) {
                const p: BatchProgress = {
                  epoch,
                  batch,
                  batchesPerEpoch: 500,
                  loss: 1,
                  accuracy: 0.5,
                  recentLoss: 1,
                  recentAccuracy: 0.5,
                  samplesPerSecond: 1,
                };
                hooks.onBatch?.(p);
              }
            }
            return { epochs: [], stopped: false, error: null, warnings: [], ...options.result };
          },
          evaluate: async (split: DataSplit) => ({
            accuracy: 0.75,
            loss: 0.5,
            count: split.count,
            confusion: [[split.count]],
          }),
          weights: () => weights,
        };
      },
      async close() {
        log.closed.push(name);
      },
    };
  };
}

async function run(backend: Backend, factories: (log: Log) => BackendFactories, memoryLimit = 4e9) {
  const log: Log = { created: [], opened: [], closed: [] };
  const events: TrainEvent[] = [];
  const job: TrainJob = {
    role: 'train',
    runId: 'r',
    request: { document: doc, settings, backend },
    stop: new Int32Array(1),
    memoryLimit,
    threads: 1,
  };
  await runTraining(job, (e) => events.push(e), factories(log));
  return { log, events };
}

const both = (log: Log, options: { failOpen?: boolean; result?: Partial<TrainResult> } = {}): BackendFactories => ({
  engine: standIn('engine', log),
  onnxruntime: standIn('onnxruntime', log, options),
});

describe('the training run loop', () => {
  it("sends started, throttled batches (each epoch's end kept) and done; closes its backend", async () => {
    const { log, events } = await run('onnxruntime', both);
    expect(events[0]).toMatchObject({
      type: 'started',
      backend: 'onnxruntime',
      provider: 'cpu',
      threads: 1,
      fallbackReason: 'no GPU',
      epochs: 2,
    });
    const batches = events.filter((e) => e.type === 'batch');
    // 1,000 progress calls in a few milliseconds: the first, and each epoch's last (100 ms apart at most).
    expect(batches.length).toBeLessThan(10);
    expect(batches.filter((e) => e.batch === 500).map((e) => e.epoch)).toEqual([1, 2]);
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    expect(done.run).toMatchObject({
      id: 'r',
      backend: 'onnxruntime',
      provider: 'cpu',
      threads: 1,
      testAccuracy: 0.75,
    });
    expect(done.run).not.toHaveProperty('fallbackReason');
    expect(Object.keys(done.weights)).toEqual(['out']);
    expect(log).toEqual({ created: ['onnxruntime'], opened: ['onnxruntime'], closed: ['onnxruntime'] });
  });

  it("'auto' falls back to the engine when onnxruntime cannot open; an explicit onnxruntime says why", async () => {
    const auto = await run('auto', (log) => both(log, { failOpen: true }));
    expect(auto.events.at(-1)).toMatchObject({ type: 'done', run: { backend: 'engine' } });
    expect(auto.log).toEqual({
      created: ['onnxruntime', 'engine'],
      opened: ['onnxruntime', 'engine'],
      closed: ['onnxruntime', 'engine'],
    });
    const explicit = await run('onnxruntime', (log) => both(log, { failOpen: true }));
    expect(explicit.events).toEqual([{ type: 'error', runId: 'r', message: 'onnxruntime cannot open this graph' }]);
    expect(explicit.log.closed).toEqual(['onnxruntime']);
  });

  it('refuses a run over the memory limit before any backend opens', async () => {
    const { log, events } = await run('engine', both, 1024);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/^training needs about .* of memory/),
    });
    expect(log).toEqual({ created: ['engine'], opened: [], closed: ['engine'] });
  });

  it('a training failure is an error event with its epoch and batch, and the backend is closed', async () => {
    const error = { message: 'the loss became NaN', epoch: 2, batch: 7 };
    const { log, events } = await run('onnxruntime', (l) => both(l, { result: { error } }));
    expect(events.at(-1)).toEqual({ type: 'error', runId: 'r', ...error });
    expect(log.closed).toEqual(['onnxruntime']);
  });
});
