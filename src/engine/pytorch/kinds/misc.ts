/** dense, activation, flatten, dropout, batchNorm, add and concat. */
import { activationOf } from '../../layers/specs.js';
import type { ActivationFn } from '../../types.js';
import { activate, pyFloat, softmaxNote, type PytorchEmitter } from '../emit.js';

/** nn.Linear keeps its matrix as [out, in]; Convas' W is [in, out], so it is transposed on the way in and out. */
export const densePy: PytorchEmitter = (ctx) => {
  const p = ctx.params;
  const act = activationOf(p);
  const args = [String(ctx.info.inputShapes[0][0]), String(p.units)];
  if (p.useBias === false) args.push('bias=False');
  return {
    init: [`self.${ctx.name} = nn.Linear(${args.join(', ')})`],
    forward: [`${ctx.name} = ${activate(`self.${ctx.name}(${ctx.inputs[0]})`, act, ctx.isOutput)}${softmaxNote(act, ctx.isOutput)}`],
    tensors: [
      { tensor: 'W', key: 'weight', layout: 'transpose' },
      ...(p.useBias === false ? [] : [{ tensor: 'b', key: 'bias', layout: 'same' as const }]),
    ],
  };
};

export const activationPy: PytorchEmitter = (ctx) => {
  const fn = ctx.params.fn as ActivationFn;
  return { init: [], forward: [`${ctx.name} = ${activate(ctx.inputs[0], fn, ctx.isOutput)}${softmaxNote(fn, ctx.isOutput)}`], tensors: [] };
};

/** C, H, W order, as Convas and ONNX Flatten (axis 1). */
export const flattenPy: PytorchEmitter = (ctx) => ({ init: [], forward: [`${ctx.name} = torch.flatten(${ctx.inputs[0]}, 1)`], tensors: [] });

/** Inverted dropout, as Convas: kept values are scaled by 1/(1 − rate) while training; the identity in eval(). */
export const dropoutPy: PytorchEmitter = (ctx) => ({
  init: [`self.${ctx.name} = nn.Dropout(${pyFloat((ctx.params.rate as number | undefined) ?? 0.5)})`],
  forward: [`${ctx.name} = self.${ctx.name}(${ctx.inputs[0]})`],
  tensors: [],
});

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
    init: [`self.${ctx.name} = nn.${cls}(${shape[0]}, eps=${pyFloat(eps)}, momentum=${pyFloat(1 - m)})  # Convas momentum ${pyFloat(m)}`],
    forward: [`${ctx.name} = self.${ctx.name}(${ctx.inputs[0]})`],
    tensors: [
      { tensor: 'gamma', key: 'weight', layout: 'same' },
      { tensor: 'beta', key: 'bias', layout: 'same' },
      { tensor: 'runningMean', key: 'running_mean', layout: 'same' },
      { tensor: 'runningVar', key: 'running_var', layout: 'same' },
    ],
  };
};

export const addPy: PytorchEmitter = (ctx) => ({ init: [], forward: [`${ctx.name} = ${ctx.inputs.join(' + ')}`], tensors: [] });

/** Along channels (dim 1), in edge order. */
export const concatPy: PytorchEmitter = (ctx) => ({ init: [], forward: [`${ctx.name} = torch.cat([${ctx.inputs.join(', ')}], dim=1)`], tensors: [] });
