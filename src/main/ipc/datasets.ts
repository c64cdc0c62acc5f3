/**
 * dataset:info / dataset:samples → the training service. In browser mode a folder dataset must be inside the
 * documents folder.
 */
import { builtInDataset } from '../../engine/datasets/registry.ts';
import type { DatasetRef } from '../../shared/api.ts';
import { PathRefused } from '../files/folder.ts';
import type { HostContext, Handlers } from './context.ts';

/** Resolves a folder dataset's path through the documents folder; built-in names pass through. */
export async function resolveDatasetRef<T extends DatasetRef>(ctx: HostContext, ref: T): Promise<T> {
  if (builtInDataset(ref.dataset)) return ref;
  return { ...ref, dataset: await ctx.folder.resolve(ref.dataset) };
}

/** Runs `run` with the resolved ref, turning a refused path into a Result error. */
export async function withDataset<T extends DatasetRef, R>(
  ctx: HostContext,
  ref: T,
  run: (ref: T) => Promise<R>,
): Promise<R | { ok: false; error: string }> {
  let resolved: T;
  try {
    resolved = await resolveDatasetRef(ctx, ref);
  } catch (e) {
    if (e instanceof PathRefused) return { ok: false, error: `dataset ${e.message}` };
    throw e;
  }
  return run(resolved);
}

export function datasetHandlers(ctx: HostContext): Pick<Handlers, 'dataset:info' | 'dataset:samples'> {
  return {
    'dataset:info': (ref) => withDataset(ctx, ref, (r) => ctx.services.training.datasetInfo(r)),
    'dataset:samples': (req) => withDataset(ctx, req, (r) => ctx.services.training.datasetSamples(r)),
  };
}
