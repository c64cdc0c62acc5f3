/**
 * What an ONNX exporter facet (a LayerKind's `onnx.export`, see layers/kind.ts) writes through: an EmitContext
 * that names its main node after the document node and any extra node `${id}/<what>` (e.g. `c1/relu`), and the
 * helpers the kinds share (a fused activation after the main operator, a window's attributes).
 */
import type { NodeInfo } from '../analyze.js';
import { onnxPads, paddingOf, windowOf } from '../layers/geometry.js';
import { activationOf } from '../layers/specs.js';
import { LEAKY_RELU_ALPHA, type ActivationFn, type Params } from '../types.js';
import type { Attrs } from './builder.js';
import { float } from './values.js';

export interface EmitContext {
  id: string;
  params: Params;
  info: NodeInfo;
  /** The value names of the node's inputs, in edge order. */
  inputs: string[];
  /** The value the node's result must be written to. */
  output: string;
  weights: Record<string, Float32Array>;
  /** Adds a node; `suffix` '' names it after the document node, otherwise `${id}/${suffix}`. */
  node(op: string, inputs: string[], outputs: string[], suffix: string, attrs?: Attrs): void;
  /** Adds a float initializer `${id}.${name}` (or a given full name) and returns its value name. */
  floatInit(name: string, dims: number[], values: Float32Array): string;
  /** Adds an int64 initializer `${id}/${name}` and returns its value name. */
  intInit(name: string, dims: number[], values: number[]): string;
  /** A fresh intermediate value name `${id}/${what}`. */
  value(what: string): string;
}

/** The operator for an activation function, written from `x` to `y`. Softmax normalises over axis 1. */
export function emitActivation(c: EmitContext, fn: ActivationFn, x: string, y: string, suffix: string): void {
  switch (fn) {
    case 'linear':
      c.node('Identity', [x], [y], suffix);
      return;
    case 'relu':
      c.node('Relu', [x], [y], suffix);
      return;
    case 'leakyRelu':
      c.node('LeakyRelu', [x], [y], suffix, { alpha: float(LEAKY_RELU_ALPHA) });
      return;
    case 'sigmoid':
      c.node('Sigmoid', [x], [y], suffix);
      return;
    case 'tanh':
      c.node('Tanh', [x], [y], suffix);
      return;
    case 'softmax':
      // Softmax-13: normalises along `axis` alone, so on [N, C, H, W] each pixel's channels sum to 1.
      c.node('Softmax', [x], [y], suffix, { axis: 1 });
      return;
  }
}

/** Runs `main` into the node's output, or into an intermediate value followed by the layer's activation. */
export function withActivation(c: EmitContext, main: (y: string) => void): void {
  const fn = activationOf(c.params);
  if (fn === 'linear') return main(c.output);
  const pre = c.value('preact');
  main(pre);
  emitActivation(c, fn, pre, c.output, fn.toLowerCase());
}

/** Window attributes of a conv or pool over a [C, H, W] input: explicit pads, "same" resolved (SAME_UPPER). */
export function windowAttrs(c: EmitContext, kernel: [number, number], stride: [number, number]) {
  const [, h, w] = c.info.inputShapes[0];
  const win = windowOf(h, w, kernel, stride, paddingOf(c.params));
  return { kernel_shape: kernel, strides: stride, pads: onnxPads(win) };
}
