/**
 * The contract between the compiler and one layer kind: a forward emitter that returns the values its backward
 * needs (as the engine's kernels keep a cache), and a backward emitter that adds parameter gradients and returns
 * one input gradient per input. Shapes in `info` omit the batch, which stays symbolic in the graph.
 */
import type { NodeInfo } from '../analyze.js';
import { activationOf } from '../layers/specs.js';
import type { Params } from '../types.js';
import { activationBackward } from './activations.js';
import type { Emitter } from './emit.js';

export interface LayerCtx {
  e: Emitter;
  id: string;
  kind: string;
  params: Params;
  info: NodeInfo;
  /** Training graph (batch statistics, dropout masks) or evaluation graph. */
  training: boolean;
  /** The value holding this node's tensor `name` (a parameter, or batch-norm running statistics). */
  tensor(name: string): string;
  /** The graph input carrying this node's dropout mask, [N, …shape] (training graph only). */
  dropoutMask(): string;
  /** Declares an updated state tensor (batch-norm running statistics) as a graph output. */
  stateOut(name: string, value: string): void;
  options: EmitOptions;
  /**
   * maxPool2d only: the relu of the layer before it moved after the pool. maxpool(relu(z)) = relu(maxpool(z));
   * and the gradients agree too: where the window's maximum z is positive the winner is the same first
   * maximum (relu leaves positive values alone, and zeros cannot tie with it), and where it is ≤ 0 both
   * give zero (the engine's relu′ = [y > 0] kills its tied zeros, ours the pooled value's).
   */
  fusedRelu?: boolean;
}

export interface EmitOptions {
  maxPoolRoute: 'indices' | 'mask' | 'unpool';
  /** conv2d weight gradient: by channel count ('auto'), or forced (conv.ts). */
  convWeightGrad: 'auto' | 'swapped' | 'offsets';
}

export interface Forward {
  /** The node's output value. */
  output: string;
  /** For layers with a fused activation: the value before it (the loss reads logits from here). */
  pre?: string;
  /** Anything else the backward reads. */
  saved: Record<string, string>;
}

export interface BackwardArgs {
  /** Names of the input values, in edge order. */
  inputs: string[];
  fwd: Forward;
  /** Gradient of the loss with respect to the output (or to `pre` when `dyIsPre`). */
  dy: string;
  /** The loss already differentiated through this layer's softmax: dy is the gradient of `pre`. */
  dyIsPre: boolean;
  /** Whether each input needs a gradient (the network input does not). */
  needDx: boolean[];
  /** Records the gradient of parameter tensor `name`. */
  grad(name: string, value: string): void;
}

export interface KindEmitter {
  forward(c: LayerCtx, inputs: string[]): Forward;
  /** Optional: kinds without backward cannot be trained (none today). */
  backward(c: LayerCtx, a: BackwardArgs): (string | null)[];
}

/** dZ for a layer with a fused activation: the gradient before the activation. */
export function preGradient(c: LayerCtx, a: BackwardArgs): string {
  if (a.dyIsPre) return a.dy;
  return activationBackward(c.e, activationOf(c.params), a.fwd.output, a.dy, `${c.id}/dpre`);
}
