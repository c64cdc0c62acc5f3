/**
 * The training worker's entry (bundled as out/main/training-worker.js; from sources through bootstrap.mjs).
 * One worker per job: a training run (the coordinator), a data-parallel helper (the engine's or the compiled
 * backend's), or a one-off task.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runHelper } from './engineParallel.js';
import { runTraining } from './run.js';
import { runTask } from './tasks.js';
import type { CompiledGradJob, WorkerJob, WorkerMessage } from './workerJobs.js';

const job = workerData as WorkerJob;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

if (job.role === 'train') {
  // On the engine or the onnxruntime backend, as the request asks (chooseBackend).
  await runTraining(job, (event) => post({ type: 'event', event }));
} else if (job.role === 'compiledGrad' || job.role === 'compiledGradSpare') {
  // A spare's job comes as its first message, once the run knows it; listening now queues it if it comes early.
  const helperJob =
    job.role === 'compiledGrad' ? job : new Promise<CompiledGradJob>((resolve) => parentPort!.once('message', resolve));
  // Loaded only here: engine runs and their helpers never load onnxruntime's native library.
  try {
    const { runCompiledHelper } = await import('../compiled/parallel.js');
    await runCompiledHelper(await helperJob, () => post({ type: 'ready' }));
  } catch (e) {
    post({ type: 'result', ok: false, error: (e as Error).message ?? String(e) });
  }
} else if (job.role === 'grad') {
  try {
    runHelper(job, () => post({ type: 'ready' }));
  } catch (e) {
    post({ type: 'result', ok: false, error: (e as Error).message });
  }
} else {
  try {
    post({ type: 'result', ok: true, value: await runTask(job) });
  } catch (e) {
    post({ type: 'result', ok: false, error: (e as Error).message ?? String(e) });
  }
}
