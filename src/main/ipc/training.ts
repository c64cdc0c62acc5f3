/** train:start / train:stop / train:eval → the training service; its events go out as `train:event`. */
import type { HostContext, Handlers } from './context.ts';
import { withDataset } from './datasets.ts';

export function trainingHandlers(ctx: HostContext): Pick<Handlers, 'train:start' | 'train:stop' | 'train:eval'> {
  return {
    'train:start': (req) =>
      withDataset(ctx, { dataset: req.settings.dataset }, async ({ dataset }) =>
        ctx.services.training.start({ ...req, settings: { ...req.settings, dataset } }, (event) =>
          ctx.emit('train:event', event),
        ),
      ),
    'train:stop': ({ runId }) => ctx.services.training.stop(runId),
    'train:eval': (req) =>
      withDataset(ctx, req.dataset, (dataset) => ctx.services.training.evaluate({ ...req, dataset })),
  };
}
