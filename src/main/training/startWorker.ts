/**
 * How to start the training worker, wherever this code runs:
 * - bundled by electron-vite: out/main/training-worker.js, beside the module (or its chunk's parent folder);
 * - from sources through tsx (CLI, tests): ./bootstrap.mjs, which registers tsx, then imports ./worker.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const BUNDLED = 'training-worker.js';

export function startWorker<T extends object>(
  workerData: T,
  options: { resourceLimits?: { maxOldGenerationSizeMb?: number } } = {},
): Worker {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith('.js')) {
    for (const candidate of [join(dir, BUNDLED), join(dir, '..', BUNDLED)]) {
      if (existsSync(candidate)) return new Worker(candidate, { workerData, ...options });
    }
  }
  // A variable, not a literal: bundlers must not treat this as an asset import.
  const source = 'worker.ts';
  const entry = pathToFileURL(join(dir, source)).href;
  return new Worker(join(dir, 'bootstrap.mjs'), { workerData: { ...workerData, entry }, ...options });
}
