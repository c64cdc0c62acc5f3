/**
 * conv2d → nn.Conv2d (the same [F, C, kh, kw] kernel layout, cross-correlation as ONNX Conv).
 *
 * Padding: Convas' "same" is ONNX SAME_UPPER (an odd total puts the extra pixel at the end). nn.Conv2d pads both
 * sides equally, so uneven padding is applied with F.pad first and the conv itself pads nothing.
 */
import {
  activate,
  hasPadding,
  padTuple,
  pyPair,
  softmaxNote,
  symmetricPadding,
  type PyEmit,
  type PyNodeContext,
  type PyTensor,
  type PytorchEmitter,
} from '../../pytorch/emit.js';
import type { Params } from '../../types.js';
import { pair, paddingOf, windowOf, type Window } from '../geometry.js';
import { activationOf } from '../specs.js';

export function convPyWindow(shape: number[], p: Params): Window {
  return windowOf(shape[1], shape[2], pair(p.kernelSize), pair(p.stride, [1, 1]), paddingOf(p));
}

export const kernelTensors = (p: Params): PyTensor[] => [
  { tensor: 'W', key: 'weight', layout: 'same' },
  ...(p.useBias === false ? [] : [{ tensor: 'b', key: 'bias', layout: 'same' as const }]),
];

/**
 * An nn.Conv2d with `outChannels` filters (and `extra` arguments, e.g. groups), padded as Convas pads: symmetric
 * padding by the conv itself, uneven padding by F.pad first.
 */
export function convModulePy(ctx: PyNodeContext, outChannels: number, extra: string[] = []): PyEmit {
  const p = ctx.params;
  const [c] = ctx.info.inputShapes[0];
  const win = convPyWindow(ctx.info.inputShapes[0], p);
  const args = [String(c), String(outChannels), `kernel_size=${pyPair(win.kernel)}`];
  if (win.stride[0] !== 1 || win.stride[1] !== 1) args.push(`stride=${pyPair(win.stride)}`);
  const forward: string[] = [];
  let x = ctx.inputs[0];
  if (hasPadding(win)) {
    if (symmetricPadding(win)) args.push(`padding=${pyPair(win.padsBegin)}`);
    else {
      forward.push(`${ctx.name} = F.pad(${x}, ${padTuple(win)})  # uneven "same" padding: the odd pixel at the end`);
      x = ctx.name;
    }
  }
  args.push(...extra);
  if (p.useBias === false) args.push('bias=False');
  const act = activationOf(p);
  forward.push(
    `${ctx.name} = ${activate(`self.${ctx.name}(${x})`, act, ctx.isOutput)}${softmaxNote(act, ctx.isOutput)}`,
  );
  return { init: [`self.${ctx.name} = nn.Conv2d(${args.join(', ')})`], forward, tensors: kernelTensors(p) };
}

export const conv2dPy: PytorchEmitter = (ctx) => convModulePy(ctx, ctx.params.filters as number);
