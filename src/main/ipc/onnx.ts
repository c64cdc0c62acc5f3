/** onnx:export / onnx:import / onnx:check → the ONNX service, with every path through the documents folder. */
import type { HostContext, Handlers } from './context.ts';
import { withDataset } from './datasets.ts';
import { withPath } from './files.ts';

export function onnxHandlers(ctx: HostContext): Pick<Handlers, 'onnx:export' | 'onnx:import' | 'onnx:check'> {
  return {
    'onnx:export': (req) => withPath(ctx, req.path, (path) => ctx.services.onnx.exportOnnx({ ...req, path })),
    'onnx:import': (req) => withPath(ctx, req.path, (path) => ctx.services.onnx.importOnnx({ path })),
    'onnx:check': (req) =>
      withPath(ctx, req.path, (path) =>
        req.dataset
          ? withDataset(ctx, req.dataset, (dataset) => ctx.services.onnx.checkOnnx({ ...req, path, dataset }))
          : ctx.services.onnx.checkOnnx({ ...req, path }),
      ),
  };
}
