/**
 * locallyConnected2d → a small LocallyConnected2d module over F.unfold + einsum that keeps Convas' layout
 * (W [positions, C·kh·kw, F], b [F, outH, outW]), so its tensors load without any reshuffling.
 */
import { activate, padTuple, softmaxNote, type PytorchEmitter } from '../../pytorch/emit.js';
import { convPyWindow, kernelTensors } from '../conv2d/pytorch.js';
import { activationOf } from '../specs.js';

const LOCALLY_CONNECTED = `class LocallyConnected2d(nn.Module):
    """Keras' LocallyConnected2D (implementation 1): every output position has its own kernel.

    weight is [positions, C·kh·kw, filters] and bias [filters, outH, outW], as Convas stores them. The input is
    zero-padded by "pads" (left, right, top, bottom) first; F.unfold cuts the patches, ordered (channel, row,
    column) like the weight's middle axis, and one einsum applies each position's own kernel.
    """

    def __init__(self, in_channels, filters, kernel_size, stride, pads, out_size, bias=True):
        super().__init__()
        self.kernel_size, self.stride, self.pads, self.out_size = kernel_size, stride, pads, out_size
        patch = in_channels * kernel_size[0] * kernel_size[1]
        # He normal, as Convas initialises it (the document's weights replace these).
        self.weight = nn.Parameter(torch.randn(out_size[0] * out_size[1], patch, filters) * (2.0 / patch) ** 0.5)
        self.bias = nn.Parameter(torch.zeros(filters, *out_size)) if bias else None

    def forward(self, x):
        if any(self.pads):
            x = F.pad(x, self.pads)
        patches = F.unfold(x, self.kernel_size, stride=self.stride)  # [N, C·kh·kw, positions]
        y = torch.einsum("nkp,pkf->nfp", patches, self.weight).reshape(x.shape[0], -1, *self.out_size)
        return y if self.bias is None else y + self.bias`;

export const locallyConnected2dPy: PytorchEmitter = (ctx) => {
  const p = ctx.params;
  const [c] = ctx.info.inputShapes[0];
  const win = convPyWindow(ctx.info.inputShapes[0], p);
  ctx.helper('LocallyConnected2d', LOCALLY_CONNECTED);
  const pair2 = (v: [number, number]) => `(${v[0]}, ${v[1]})`;
  const args = [String(c), String(p.filters), pair2(win.kernel), pair2(win.stride), padTuple(win), pair2(win.out)];
  if (p.useBias === false) args.push('bias=False');
  const act = activationOf(p);
  return {
    init: [`self.${ctx.name} = LocallyConnected2d(${args.join(', ')})`],
    forward: [
      `${ctx.name} = ${activate(`self.${ctx.name}(${ctx.inputs[0]})`, act, ctx.isOutput)}` +
        softmaxNote(act, ctx.isOutput),
    ],
    tensors: kernelTensors(p),
  };
};
