/**
 * The long-running services behind dataset:*, train:* and onnx:* — the training service (src/main/training,
 * which runs in a worker thread) and the ONNX service (src/main/onnx). The IPC layer sees them only through these
 * ports, so Electron, browser mode and the tests can share one wiring (see ./wiring.ts).
 */
import type { ApiRequests, Result, TrainEvent } from '../../shared/api.ts';

type Req<C extends keyof ApiRequests> = ApiRequests[C]['req'];
type Res<C extends keyof ApiRequests> = Promise<ApiRequests[C]['res']>;

export interface TrainingPort {
  start(req: Req<'train:start'>, emit: (event: TrainEvent) => void): Res<'train:start'>;
  stop(runId: string): Promise<void>;
  evaluate(req: Req<'train:eval'>): Res<'train:eval'>;
  datasetInfo(ref: Req<'dataset:info'>): Res<'dataset:info'>;
  datasetSamples(req: Req<'dataset:samples'>): Res<'dataset:samples'>;
  /** Stops every run and the worker (the app is quitting). */
  dispose?(): Promise<void>;
}

export interface OnnxPort {
  exportOnnx(req: Req<'onnx:export'>): Res<'onnx:export'>;
  importOnnx(req: Req<'onnx:import'>): Res<'onnx:import'>;
  checkOnnx(req: Req<'onnx:check'>): Res<'onnx:check'>;
}

export interface Services {
  training: TrainingPort;
  onnx: OnnxPort;
}

/** An answer for a service that failed to load, so the rest of the app still works. */
export function unavailable(what: string, why: string): { ok: false; error: string } {
  return { ok: false, error: `${what} is not available: ${why}` };
}

export type { Result };
