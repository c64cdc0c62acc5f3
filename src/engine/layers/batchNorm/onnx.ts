/**
 * batchNorm in ONNX, inference form: y = γ·(x − runningMean)/√(runningVar + ε) + β over axis 1. ONNX allows
 * [N, C] as well as [N, C, H, W], so flat inputs need no reshaping: onnxruntime's CPU kernel takes rank 2, and its
 * CUDA kernel pads a rank-2 input to [N, C, 1, 1] for cuDNN (BatchNormHelper::NormalizeDims in
 * batch_norm_helper.h). Imports BatchNormalization in inference mode (defaults: Operators.md,
 * BatchNormalization-15).
 */
import { float } from '../../onnx/values.js';
import { ImportError, out0 } from '../../onnx/importContext.js';
import type { OnnxFacet } from '../kind.js';

export const batchNormOnnx: OnnxFacet = {
  export(c) {
    const ch = c.info.inputShapes[0][0];
    const t = (name: string) => c.floatInit(name, [ch], c.weights[name]);
    c.node(
      'BatchNormalization',
      [c.inputs[0], t('gamma'), t('beta'), t('runningMean'), t('runningVar')],
      [c.output],
      '',
      {
        epsilon: float(c.params.epsilon as number),
        momentum: float(c.params.momentum as number),
      },
    );
  },
  import: {
    BatchNormalization(c, node) {
      const a = c.attrs(node);
      if (((a.training_mode as number | undefined) ?? 0) !== 0)
        throw new ImportError(`${c.label(node)}: training_mode 1 — Convas imports inference graphs`);
      const x = c.source(node, 0);
      const channels = x.shape[0];
      const t = (i: number, what: string) => {
        const v = c.constFloat(node, i, what);
        if (v.data.length !== channels)
          throw new ImportError(`${c.label(node)}: its ${what} has ${v.data.length} values for ${channels} channels`);
        return v.data;
      };
      const weights = {
        gamma: t(1, 'scale'),
        beta: t(2, 'bias'),
        runningMean: t(3, 'mean'),
        runningVar: t(4, 'variance'),
      };
      const epsilon = (a.epsilon as number | undefined) ?? 1e-5;
      const momentum = (a.momentum as number | undefined) ?? 0.9;
      c.add(c.uniqueId(node.name, 'batchnorm'), 'batchNorm', { epsilon, momentum }, [x], out0(node), weights);
    },
  },
};
