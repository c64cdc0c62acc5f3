/**
 * What a layer kind contributes to the generated `model.py`: its module in `__init__`, its statements in
 * `forward`, and how its Convas tensors map onto PyTorch's state dict. One emitter per kind; the shared pieces
 * (activations, explicit padding) live here so every emitter writes them the same way.
 */
import type { NodeInfo } from '../analyze.js';
import type { ActivationFn, Params } from '../types.js';
import type { Window } from '../layers/geometry.js';

export interface PyNodeContext {
  /** The node's id in the document (for comments). */
  id: string;
  /** Its Python identifier: the module attribute `self.<name>` and the local variable `<name>` in forward. */
  name: string;
  params: Params;
  info: NodeInfo;
  /** The inputs' local variables, in edge order. */
  inputs: string[];
  /** The network's output layer: its softmax is left to the loss, so forward returns logits. */
  isOutput: boolean;
  /** Adds a helper (a class or function) to model.py once, by name. */
  helper(name: string, source: string): void;
}

/** How one Convas tensor (`node.tensor`) is stored in PyTorch: its state-dict key, and whether it is transposed. */
export interface PyTensor {
  /** The Convas tensor name within the node, e.g. `W`. */
  tensor: string;
  /** The state-dict key under the module, e.g. `weight` (the full key is `<name>.weight`). */
  key: string;
  /** `transpose`: PyTorch keeps the 2-D matrix transposed (nn.Linear's weight is [out, in], Convas' W is [in, out]). */
  layout: 'same' | 'transpose';
}

export interface PyEmit {
  /** Lines of `__init__` (without indentation), e.g. `self.c1 = nn.Conv2d(1, 6, 5)`. */
  init: string[];
  /** Lines of `forward` that assign the local variable `<name>`. */
  forward: string[];
  tensors: PyTensor[];
}

export type PytorchEmitter = (ctx: PyNodeContext) => PyEmit;

/** A Python expression applying a Convas activation; the output layer's softmax is left to the loss. */
export function activate(expr: string, fn: ActivationFn, isOutput: boolean): string {
  switch (fn) {
    case 'linear':
      return expr;
    case 'relu':
      return `F.relu(${expr})`;
    case 'leakyRelu':
      return `F.leaky_relu(${expr}, 0.01)`;
    case 'sigmoid':
      return `torch.sigmoid(${expr})`;
    case 'tanh':
      return `torch.tanh(${expr})`;
    case 'softmax':
      // Softmax over channels (dim 1), as Convas and ONNX Softmax-13 with axis 1.
      return isOutput ? expr : `F.softmax(${expr}, dim=1)`;
  }
}

/** A comment for the output layer's softmax, which forward leaves out. */
export function softmaxNote(fn: ActivationFn, isOutput: boolean): string {
  return fn === 'softmax' && isOutput ? '  # softmax left to the loss: forward returns logits' : '';
}

/** Python literal of a pair: `5` when both sides agree, else `(5, 3)`. */
export function pyPair([h, w]: [number, number]): string {
  return h === w ? String(h) : `(${h}, ${w})`;
}

/** F.pad's order for the last two axes: (left, right, top, bottom). */
export function padTuple(win: Window): string {
  return `(${win.padsBegin[1]}, ${win.padsEnd[1]}, ${win.padsBegin[0]}, ${win.padsEnd[0]})`;
}

export const hasPadding = (win: Window) => win.padsBegin.some((p) => p > 0) || win.padsEnd.some((p) => p > 0);
export const symmetricPadding = (win: Window) =>
  win.padsBegin[0] === win.padsEnd[0] && win.padsBegin[1] === win.padsEnd[1];

/** Python float literal that reads well: 0.1 rather than 0.09999999999999998. */
export function pyFloat(v: number): string {
  const s = String(Number(v.toPrecision(12)));
  return /[.e]/.test(s) ? s : `${s}.0`;
}
