// Starts a training worker from its TypeScript source (CLI and tests, which run through tsx). Node 20 does not
// carry tsx's loader hooks into worker threads, even with `execArgv: ['--import', 'tsx']`, so the worker registers
// them itself, then imports the real entry. The bundled app starts out/main/training-worker.js directly instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
