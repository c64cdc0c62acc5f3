/**
 * depthwiseConv2d → nn.Conv2d with groups = C: PyTorch's grouped weight [C·M, 1, kh, kw] is Convas' layout
 * (output channel c·M + m reads input channel c), so the tensors load as they are. Padding as conv2d's.
 */
import type { PytorchEmitter } from '../../pytorch/emit.js';
import { convModulePy } from '../conv2d/pytorch.js';

export const depthwiseConv2dPy: PytorchEmitter = (ctx) =>
  convModulePy(ctx, ctx.info.outputShape![0], [`groups=${ctx.info.inputShapes[0][0]}`]);
