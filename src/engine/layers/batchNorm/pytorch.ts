/** batchNorm → nn.BatchNorm2d on feature maps, nn.BatchNorm1d on vectors. */
import { pyFloat, type PytorchEmitter } from '../../pytorch/emit.js';

/**
 * Convas' momentum follows Keras (running ← m·running + (1 − m)·batch); PyTorch's is the weight of the batch,
 * so it is 1 − m. Both normalise with the biased batch variance and update the running variance with the
 * unbiased one.
 */
export const batchNormPy: PytorchEmitter = (ctx) => {
  const shape = ctx.info.inputShapes[0];
  const eps = (ctx.params.epsilon as number | undefined) ?? 1e-5;
  const m = (ctx.params.momentum as number | undefined) ?? 0.9;
  const cls = shape.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
  return {
    init: [
      `self.${ctx.name} = nn.${cls}(${shape[0]}, eps=${pyFloat(eps)}, momentum=${pyFloat(1 - m)})` +
        `  # Convas momentum ${pyFloat(m)}`,
    ],
    forward: [`${ctx.name} = self.${ctx.name}(${ctx.inputs[0]})`],
    tensors: [
      { tensor: 'gamma', key: 'weight', layout: 'same' },
      { tensor: 'beta', key: 'bias', layout: 'same' },
      { tensor: 'runningMean', key: 'running_mean', layout: 'same' },
      { tensor: 'runningVar', key: 'running_var', layout: 'same' },
    ],
  };
};
