/**
 * Core types of the Convas engine. Pure TypeScript: nothing here may import React, Electron, Node or DOM types.
 *
 * Shapes omit the batch: `[C, H, W]` for feature maps, `[N]` for flat vectors.
 */
import { english, type Message, type ProblemCode } from './messages.js';

export type Shape = number[];
/** A size is one integer for both axes or `[h, w]`. */
export type Size2 = number | [number, number];
/** `"valid"` (no padding), `"same"` (out = ceil(in / stride), extra padding at the end), or pixels on each side. */
export type Padding = 'valid' | 'same' | number;
export type ActivationFn = 'linear' | 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'softmax';
export const ACTIVATIONS: readonly ActivationFn[] = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax'];
/** ONNX LeakyRelu's default slope, also PyTorch's. */
export const LEAKY_RELU_ALPHA = 0.01;

export type ParamValue = number | string | boolean | [number, number] | null;
export type Params = Record<string, ParamValue>;

export type Category =
  'Input' | 'Convolution' | 'Pooling' | 'Dense' | 'Activation' | 'Shape' | 'Regularisation' | 'Merge';
export const CATEGORIES: readonly Category[] = [
  'Input',
  'Convolution',
  'Pooling',
  'Dense',
  'Activation',
  'Shape',
  'Regularisation',
  'Merge',
];

interface ParamSpecBase {
  name: string;
  label: string;
  /** Shown after the field, e.g. "px". */
  unit?: string;
  help?: string;
  /** The value a missing param takes when a document is restored. Absent: the param is required. */
  default?: ParamValue;
  /** The value a new node from the palette starts with, for required params. */
  initial?: ParamValue;
  /** Whether the param may be left out (null) and then follows another, e.g. a pool's stride follows its size. */
  optional?: boolean;
}
export type ParamSpec =
  | (ParamSpecBase & { type: 'int'; min: number; max?: number })
  | (ParamSpecBase & { type: 'float'; min: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean })
  | (ParamSpecBase & { type: 'size2'; min: number; max?: number })
  | (ParamSpecBase & { type: 'padding' })
  | (ParamSpecBase & { type: 'enum'; options: readonly string[] })
  | (ParamSpecBase & { type: 'bool' });

/** One named tensor a layer owns. Layouts follow ONNX where ONNX has the operator. */
export interface TensorSpec {
  name: string;
  shape: number[];
  /** weight and bias are trainable and counted; state (running statistics) is neither. */
  role: 'weight' | 'bias' | 'state';
  init: 'he' | 'glorot' | 'zeros' | 'ones';
  /** Fan-in and fan-out for the initialiser. */
  fanIn: number;
  fanOut: number;
}

/** Receptive field of one unit, on the input image, and the distance in input pixels between neighbouring units. */
export interface ReceptiveField {
  size: [number, number];
  jump: [number, number];
}

/** A problem an analysis step found, in words a beginner understands: a coded message (messages.ts). */
export class LayerError extends Error {
  readonly code: ProblemCode;
  readonly args: Message['args'];
  constructor(
    text: Message<ProblemCode>,
    readonly fixes: Fix[] = [],
  ) {
    super(english(text));
    this.code = text.code;
    this.args = text.args;
  }
}

/** An obvious one-click fix for a problem; `label` is the English of its words (fixes.ts, fixText). */
export type Fix =
  | { label: string; type: 'setParams'; nodeId: string; params: Params }
  | { label: string; type: 'insertBefore'; nodeId: string; kind: string; params?: Params };

export interface LayerContext {
  /** The node's id, for messages. */
  id: string;
}

export interface LayerDef<Cache = unknown> extends LayerKernels<Cache> {
  kind: string;
  label: string;
  category: Category;
  /** One sentence for the palette's tooltip. */
  description: string;
  params: readonly ParamSpec[];
  /** How many inputs the layer takes. */
  inputs: { min: number; max: number };
  /** Key params in a few characters, as parts: `6 @ 5×5`, `same`, `relu` (englishParts joins them). */
  summarize(p: Params): Message[];
  /** The output shape; throws LayerError when the inputs don't fit. */
  inferShape(inputs: Shape[], p: Params, ctx: LayerContext): Shape;
  /** The tensors the layer owns, given its input and output shapes. */
  tensors(inputs: Shape[], out: Shape, p: Params): TensorSpec[];
  /** Multiply-accumulates per sample. */
  macs(inputs: Shape[], out: Shape, p: Params): number;
  /** Receptive field after this layer; null for flat outputs, which see the whole image. */
  receptiveField(inputs: (ReceptiveField | null)[], p: Params): ReceptiveField | null;
}

/** A batch-first float32 tensor: `[N, C, H, W]` or `[N, units]`. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export interface ForwardContext {
  /** Training: dropout drops, batchNorm uses (and updates) batch statistics. */
  training: boolean;
  /** Uniform in [0, 1), seeded; for dropout masks. */
  rng: () => number;
}

/**
 * Forward and backward of one layer, side by side (micrograd, tinygrad). The forward saves in `cache` exactly
 * what the backward needs. `weights` holds the node's tensors by TensorSpec name; backward adds parameter
 * gradients into `grads` (same names, same sizes) and returns one gradient per input.
 *
 * Ownership: tensors are never mutated once produced, so an output may share its input's buffer (flatten,
 * input, dropout at evaluation, a linear activation). Backward takes over dOutput: a returned gradient may be
 * dOutput itself, but no two returned gradients share a buffer, and the caller owns them.
 */
export interface LayerKernels<Cache = unknown> {
  forward(
    inputs: Tensor[],
    weights: Record<string, Float32Array>,
    p: Params,
    ctx: ForwardContext,
  ): { output: Tensor; cache: Cache };
  /**
   * `needInput[i] === false` says input i's gradient is not wanted (e.g. it is the network's input): the layer
   * may then skip computing it and return an empty tensor (data of length 0) in its place.
   */
  backward(
    dOutput: Tensor,
    cache: Cache,
    weights: Record<string, Float32Array>,
    p: Params,
    grads: Record<string, Float32Array>,
    needInput?: readonly boolean[],
  ): Tensor[];
}
