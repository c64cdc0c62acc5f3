/**
 * The engine backend: the engine's Model and optimizer in the training worker's thread and, with two or more
 * threads, data-parallel helper threads that each compute the gradients of a share of every batch
 * (engineParallel.ts). Weights and the training split then live in shared memory.
 */
import { evaluate } from '../../engine/train/evaluate.js';
import { Model } from '../../engine/train/model.js';
import { createOptimizer } from '../../engine/train/optimizers.js';
import { train } from '../../engine/train/trainer.js';
import { optimizerOf, type TrainingBackend } from './backend.js';
import { shareSplit, shareWeights } from './atomicsProtocol.js';
import { startHelpers, type Helpers } from './engineParallel.js';
import type { TrainJob } from './workerJobs.js';

export function engineBackend(job: TrainJob): TrainingBackend {
  let helpers: Helpers | null = null;
  // Each thread takes a share of at least two samples of a batch.
  const threadsFor = (batchSize: number) => Math.max(1, Math.min(job.threads, Math.floor(batchSize / 2) || 1));
  return {
    // Every loader keeps its pixels in shared memory (src/main/datasets), so the helpers read them without a copy.
    memoryPlan: (settings, data) => ({ threads: threadsFor(settings.batchSize), dataBytes: data.bytes }),

    async open({ doc, analysis, settings, dataset, weights: initial }) {
      const threads = threadsFor(settings.batchSize);
      const weights = threads > 1 ? shareWeights(initial) : initial;
      const split = threads > 1 ? shareSplit(dataset.train) : dataset.train;
      const model = new Model(doc, analysis, weights, { dropoutSeed: settings.seed });
      const optimizer = createOptimizer(optimizerOf(settings), model.slots);
      if (threads > 1) helpers = await startHelpers(model, doc, split, settings, threads - 1);
      return {
        place: { backend: 'engine', provider: 'cpu', threads },
        async train(hooks) {
          const gradients = helpers ? (idx: Uint32Array) => helpers!.gradients(idx) : undefined;
          try {
            return await train(model, optimizer, split, settings, { ...hooks, gradients });
          } finally {
            // Evaluation runs in this thread alone: the helpers are done.
            helpers?.close();
            helpers = null;
          }
        },
        evaluate: async (test) => evaluate(model, test),
        weights: () => weights,
      };
    },

    async close() {
      helpers?.close();
      helpers = null;
    },
  };
}
