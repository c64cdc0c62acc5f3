/**
 * A data-parallel helper thread (protocol in shared.ts): it blocks on Atomics.wait for a job, computes the
 * gradients of its slice of the batch with the shared weights, and signals the coordinator. Its batch-norm
 * running statistics are private copies: concurrent updates of shared ones would race.
 */
import { analyze } from '../../engine/analyze.js';
import { Model } from '../../engine/train/model.js';
import { gather } from '../../engine/train/trainer.js';
import type { WeightMap } from '../../engine/weights.js';
import type { GradJob } from './protocol.js';
import { CTRL, finishJob, reportFailure } from './shared.js';

export function runHelper(job: GradJob, ready: () => void): void {
  const { ctrl } = job;
  const analysis = analyze(job.document);
  const weights: WeightMap = {};
  for (const [id, tensors] of Object.entries(job.weights)) {
    weights[id] = {};
    const specs = analysis.nodes[id].tensors;
    for (const [name, values] of Object.entries(tensors)) {
      weights[id][name] = specs.find((t) => t.name === name)?.role === 'state' ? values.slice() : values;
    }
  }
  const model = new Model(job.document, analysis, weights, { dropoutSeed: job.dropoutSeed, grads: job.grads });
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const xb = new Float32Array(job.indices.length * size);
  const yb = new Int32Array(job.indices.length);
  // Read the job counter before saying ready: once ready, the coordinator may post the first job at any time,
  // and a counter read after that would make this helper skip the job and both threads wait forever.
  let seen = Atomics.load(ctrl, CTRL.job);
  ready();
  for (;;) {
    Atomics.wait(ctrl, CTRL.job, seen);
    seen = Atomics.load(ctrl, CTRL.job);
    if (Atomics.load(ctrl, CTRL.quit)) return;
    try {
      const n = ctrl[CTRL.count];
      gather(job.split, size, job.indices.subarray(0, n), xb, yb);
      model.zeroGrads();
      const r = model.lossAndGrads(xb.subarray(0, n * size), yb.subarray(0, n), n, n / ctrl[CTRL.total]);
      job.result[0] = r.loss;
      job.result[1] = r.correct;
    } catch (e) {
      reportFailure(job, e);
    }
    finishJob(job, seen);
  }
}
