/**
 * Pools. Convas rounds down (PyTorch's default ceil_mode=False), never lets padding win a max and never counts it
 * in an average (count_include_pad=False). PyTorch's pools pad both sides equally and at most half the window,
 * so uneven or wider padding is applied explicitly: −inf before a max pool (it can never win), and for an
 * average the sum over the zero-padded window divided by the count of real pixels.
 */
import { hasPadding, padTuple, pyPair, type PyNodeContext, type PytorchEmitter } from '../../pytorch/emit.js';
import type { Params } from '../../types.js';
import { pair, paddingOf, windowOf, type Window } from '../geometry.js';

function poolWindow(ctx: PyNodeContext): Window {
  const p: Params = ctx.params;
  const [, h, w] = ctx.info.inputShapes[0];
  const k = pair(p.poolSize, [2, 2]);
  return windowOf(h, w, k, pair(p.stride, k), paddingOf(p));
}

/** Whether nn.MaxPool2d / nn.AvgPool2d can pad it themselves: equal sides, at most half the window. */
const nativePadding = (win: Window) =>
  win.padsBegin[0] === win.padsEnd[0] &&
  win.padsBegin[1] === win.padsEnd[1] &&
  2 * win.padsBegin[0] <= win.kernel[0] &&
  2 * win.padsBegin[1] <= win.kernel[1];

function poolArgs(win: Window, withPadding: boolean): string[] {
  const args = [pyPair(win.kernel)];
  if (win.stride[0] !== win.kernel[0] || win.stride[1] !== win.kernel[1]) args.push(`stride=${pyPair(win.stride)}`);
  if (withPadding) args.push(`padding=${pyPair(win.padsBegin)}`);
  return args;
}

export const maxPool2dPy: PytorchEmitter = (ctx) => {
  const win = poolWindow(ctx);
  const padded = hasPadding(win);
  const native = !padded || nativePadding(win);
  const forward: string[] = [];
  let x = ctx.inputs[0];
  if (!native) {
    forward.push(`${ctx.name} = F.pad(${x}, ${padTuple(win)}, value=float("-inf"))  # padding never wins a max`);
    x = ctx.name;
  }
  forward.push(`${ctx.name} = self.${ctx.name}(${x})`);
  return {
    init: [`self.${ctx.name} = nn.MaxPool2d(${poolArgs(win, padded && native).join(', ')})`],
    forward,
    tensors: [],
  };
};

const AVG_WITHOUT_PADDING = `def avg_pool_without_padding(x, kernel_size, stride, pads):
    """The mean over each window's pixels inside the image, for padding nn.AvgPool2d cannot express (uneven, or
    wider than half the window): padding never counts (ONNX count_include_pad=0). The ratio of two means over the
    same windows is the sum of the real pixels over their count."""
    total = F.avg_pool2d(F.pad(x, pads), kernel_size, stride)
    count = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pads), kernel_size, stride)
    return total / count`;

export const avgPool2dPy: PytorchEmitter = (ctx) => {
  const win = poolWindow(ctx);
  const padded = hasPadding(win);
  if (padded && !nativePadding(win)) {
    ctx.helper('avg_pool_without_padding', AVG_WITHOUT_PADDING);
    const args = `${pyPair(win.kernel)}, ${pyPair(win.stride)}, ${padTuple(win)}`;
    return { init: [], forward: [`${ctx.name} = avg_pool_without_padding(${ctx.inputs[0]}, ${args})`], tensors: [] };
  }
  const args = poolArgs(win, padded);
  if (padded) args.push('count_include_pad=False');
  return {
    init: [`self.${ctx.name} = nn.AvgPool2d(${args.join(', ')})`],
    forward: [`${ctx.name} = self.${ctx.name}(${ctx.inputs[0]})`],
    tensors: [],
  };
};

/** The mean of each channel, [N, C, H, W] → [N, C]; written as an adaptive pool so ONNX gets GlobalAveragePool. */
export const globalAvgPool2dPy: PytorchEmitter = (ctx) => ({
  init: [],
  forward: [
    `${ctx.name} = torch.flatten(F.adaptive_avg_pool2d(${ctx.inputs[0]}, 1), 1)  # the mean of each channel: [N, C]`,
  ],
  tensors: [],
});
