/** dense → nn.Linear. */
import { activate, softmaxNote, type PytorchEmitter } from '../../pytorch/emit.js';
import { activationOf } from '../specs.js';

/** nn.Linear keeps its matrix as [out, in]; Convas' W is [in, out], so it is transposed on the way in and out. */
export const densePy: PytorchEmitter = (ctx) => {
  const p = ctx.params;
  const act = activationOf(p);
  const args = [String(ctx.info.inputShapes[0][0]), String(p.units)];
  if (p.useBias === false) args.push('bias=False');
  return {
    init: [`self.${ctx.name} = nn.Linear(${args.join(', ')})`],
    forward: [
      `${ctx.name} = ${activate(`self.${ctx.name}(${ctx.inputs[0]})`, act, ctx.isOutput)}` +
        softmaxNote(act, ctx.isOutput),
    ],
    tensors: [
      { tensor: 'W', key: 'weight', layout: 'transpose' },
      ...(p.useBias === false ? [] : [{ tensor: 'b', key: 'bias', layout: 'same' as const }]),
    ],
  };
};
