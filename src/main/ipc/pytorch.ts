/** pytorch:export → the PyTorch project writer, with the folder resolved through the documents folder. */
import { exportPytorch } from '../pytorch/project.ts';
import type { HostContext, Handlers } from './context.ts';
import { withPath } from './files.ts';

export function pytorchHandlers(ctx: HostContext): Pick<Handlers, 'pytorch:export'> {
  return {
    'pytorch:export': (req) =>
      withPath(ctx, req.dir, async (dir) => {
        try {
          return { ok: true as const, ...(await exportPytorch(req.document, dir, { force: req.force })) };
        } catch (e) {
          // The graph's problems, a busy folder or a write that failed: one message for the panel.
          return { ok: false as const, error: (e as Error).message };
        }
      }),
  };
}
