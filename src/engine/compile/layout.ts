/**
 * Where everything sits in a compiled graph: θ's layout (every weight and bias of every connected node, in
 * topological order), the running statistics, the dropout masks; and the checks that refuse a network the
 * compiled backend cannot train, each naming the layer.
 */
import { analyze, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { sizeOf } from '../kernels/scratch.js';

export interface ParamEntry {
  nodeId: string;
  name: string;
  shape: number[];
  /** Position in θ. */
  offset: number;
  length: number;
  /** Whether weight decay applies: weights yes; biases and batch-norm parameters no (train/optimizers.ts). */
  decay: boolean;
}

export interface StateEntry {
  nodeId: string;
  name: string;
  shape: number[];
  input: string;
  output: string;
}

export interface DropoutEntry {
  nodeId: string;
  rate: number;
  /** Per-sample shape (without the batch). */
  shape: number[];
  input: string;
}

export interface CompiledLayout {
  inputShape: [number, number, number];
  classes: number;
  params: ParamEntry[];
  thetaLength: number;
  state: StateEntry[];
  dropout: DropoutEntry[];
  /** Optimizer state: flat vectors as long as θ. */
  optimizerState: { input: string; output: string }[];
  /** Scalar float inputs of the step: 'lr', and for Adam 'adam.c1', 'adam.c2'. */
  scalars: string[];
  /** Test mode: output name of each parameter's gradient, by `${nodeId}.${name}`. */
  gradients: Record<string, string>;
}

export class CompileError extends Error {}

export function checked(doc: GraphDocument): Analysis {
  const a = analyze(doc);
  if (a.errors.length)
    throw new CompileError(`the network cannot be compiled: ${a.errors.map((e) => e.message).join('; ')}`);
  if (!a.inputId) throw new CompileError('the network has no input node');
  const inShape = a.nodes[a.inputId].outputShape!;
  if (inShape.length !== 3) throw new CompileError(`input "${a.inputId}" must be a [C, H, W] image`);
  if (a.outputIds.length === 0) throw new CompileError('the network has no output layer');
  const out = a.nodes[a.outputIds[0]];
  if (out.outputShape!.length !== 1) {
    throw new CompileError(
      `the output layer "${out.id}" gives [${out.outputShape!.join(', ')}]; ` +
        'classification needs a flat [classes] output — end with flatten and dense',
    );
  }
  return a;
}

/** θ's layout: every weight and bias of every connected node, in topological order. */
export function layoutOf(
  doc: GraphDocument,
  a: Analysis = checked(doc),
): Omit<CompiledLayout, 'optimizerState' | 'scalars' | 'gradients'> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const params: ParamEntry[] = [];
  const state: StateEntry[] = [];
  const dropout: DropoutEntry[] = [];
  let offset = 0;
  for (const id of a.order) {
    const info = a.nodes[id];
    if (!info.connected) continue;
    const kind = byId.get(id)!.kind;
    for (const t of info.tensors) {
      const length = sizeOf(t.shape);
      if (t.role === 'state') {
        state.push({
          nodeId: id,
          name: t.name,
          shape: t.shape,
          input: `state.${id}.${t.name}`,
          output: `state.${id}.${t.name}.next`,
        });
        continue;
      }
      params.push({
        nodeId: id,
        name: t.name,
        shape: t.shape,
        offset,
        length,
        decay: t.role === 'weight' && kind !== 'batchNorm',
      });
      offset += length;
    }
    const rate = byId.get(id)!.params.rate as number;
    if (kind === 'dropout' && rate > 0)
      dropout.push({ nodeId: id, rate, shape: info.outputShape!, input: `mask.${id}` });
  }
  const inputShape = a.nodes[a.inputId!].outputShape! as [number, number, number];
  return { inputShape, classes: a.nodes[a.outputIds[0]].outputShape![0], params, thetaLength: offset, state, dropout };
}
