/**
 * Compiles a document into ONNX graphs that onnxruntime runs as plain inference graphs (onnxruntime-node has no
 * training API, and needs none):
 *
 *   training step  (x [N,C,H,W] float, labels [N] int64, θ, optimizer state, lr, Adam's c1/c2, dropout masks,
 *                  batch-norm running statistics)
 *                  → forward → softmax cross-entropy → hand-written backward → optimizer update
 *                  → (loss, correct, θ′, state′, running statistics′ [, every gradient in test mode])
 *   gradient step  (x, labels, θ, grad.scale, dropout masks, running statistics) → the same forward, loss and
 *                  backward, no update → (loss, correct, grad.scale · the flat gradient, running statistics′): a
 *                  share of a batch, for data-parallel training (src/main/compiled/parallel.ts)
 *   evaluation     (x, labels, θ, running statistics) → (loss, correct, output, logits)
 *
 * θ is every trainable tensor flattened and concatenated in a fixed order (CompiledLayout.params), so the
 * runtime keeps one Float32Array of weights and feeds it back each step. The batch is a symbolic dimension.
 *
 * The loss is the engine's: mean over the batch of −log softmax(logits)[label]. When the output layer ends in
 * softmax the logits are the values before it (the fused, numerically stable form; its gradient is
 * (softmax − onehot)/N); otherwise the output itself is taken as logits. LogSoftmax + OneHot + ReduceSum are
 * used rather than SoftmaxCrossEntropyLoss, which has no CUDA kernel outside training builds.
 */
import type { Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import {
  DataType,
  encodeModel,
  makeGraph,
  makeModel,
  makeTensorValueInfo,
  OPSET,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../onnx/builder.js';
import { getLayer } from '../registry.js';
import type { OptimizerConfig } from '../train/optimizers.js';
import { Emitter } from './emit.js';
import { emitterFor } from './emitters.js';
import type { Forward, LayerCtx } from './kinds.js';
import { checked, layoutOf, type CompiledLayout, type StateEntry } from './layout.js';
import { emitLoss, logitsOf } from './loss.js';
import { emitUpdate, optimizerIO } from './optimizer.js';

export interface CompiledGraph {
  model: Uint8Array;
  layout: CompiledLayout;
  /** Operator counts, for reports. */
  ops: Record<string, number>;
}

export interface CompileOptions {
  optimizer: OptimizerConfig;
  /** Also output every parameter's gradient (for parity tests); off for speed. */
  gradients?: boolean;
  /** How max-pool gradients are routed (pool.ts); 'mask' unless told. */
  maxPoolRoute?: 'indices' | 'mask' | 'unpool';
  /** Move a layer's relu after the max pool that alone reads it (kinds.ts, fusedRelu); on unless false. */
  fuseRelu?: boolean;
  /** conv2d weight gradient: swapped-roles Conv or per-offset GEMMs (conv.ts); by channel count unless told. */
  convWeightGrad?: 'auto' | 'swapped' | 'offsets';
}

/** Options that change the graph but not what it computes. */
export type GraphOptions = Pick<CompileOptions, 'maxPoolRoute' | 'fuseRelu' | 'convWeightGrad'>;

/**
 * Pairs (layer, maxPool2d) where the layer's fused relu can move after the pool: the pool is the layer's only
 * reader and the layer is not the output.
 */
function reluPoolPairs(doc: GraphDocument, a: Analysis): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const n of doc.nodes) {
    if (n.kind !== 'maxPool2d' || !a.nodes[n.id].connected) continue;
    const sources = doc.edges.filter((e) => e.target === n.id).map((e) => e.source);
    if (sources.length !== 1) continue;
    const src = doc.nodes.find((m) => m.id === sources[0])!;
    const readers = doc.edges.filter((e) => e.source === src.id).length;
    if (
      readers === 1 &&
      src.params.activation === 'relu' &&
      getLayer(src.kind)?.params.some((s) => s.name === 'activation')
    )
      pairs.set(src.id, n.id);
  }
  return pairs;
}

interface Built {
  e: Emitter;
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
}

const f32 = (name: string, shape: (number | string)[]) => makeTensorValueInfo(name, DataType.FLOAT, shape);

/** Forward over the whole network; returns each node's Forward and the node contexts. */
function emitForward(
  doc: GraphDocument,
  a: Analysis,
  layout: ReturnType<typeof layoutOf>,
  e: Emitter,
  training: boolean,
  options: GraphOptions,
) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const fused = options.fuseRelu === false ? new Map<string, string>() : reluPoolPairs(doc, a);
  const fusedPools = new Set(fused.values());
  const paramValue = new Map<string, string>();
  for (const p of layout.params) {
    const sliced = e.slice('theta', [p.offset], [p.offset + p.length], [0], `${p.nodeId}.${p.name}/flat`);
    paramValue.set(`${p.nodeId}.${p.name}`, e.reshape(sliced, p.shape, `${p.nodeId}.${p.name}`));
  }
  const stateOuts: { entry: StateEntry; value: string }[] = [];
  const fwd = new Map<string, Forward>();
  const ctxs = new Map<string, LayerCtx>();
  const valueOf = (id: string) => (id === a.inputId ? 'x' : fwd.get(id)!.output);
  for (const id of a.order) {
    const info = a.nodes[id];
    if (!info.connected || id === a.inputId) continue;
    const node = byId.get(id)!;
    const ctx: LayerCtx = {
      e,
      id,
      kind: node.kind,
      params: fused.has(id) ? { ...node.params, activation: 'linear' } : node.params,
      info,
      training,
      options: { maxPoolRoute: options.maxPoolRoute ?? 'mask', convWeightGrad: options.convWeightGrad ?? 'auto' },
      fusedRelu: fusedPools.has(id),
      tensor(name) {
        const v = paramValue.get(`${id}.${name}`);
        if (v) return v;
        const s = layout.state.find((t) => t.nodeId === id && t.name === name);
        if (!s) throw new Error(`compiled graph: ${node.kind} "${id}" has no tensor "${name}"`);
        return s.input;
      },
      dropoutMask: () => layout.dropout.find((d) => d.nodeId === id)!.input,
      stateOut(name, value) {
        stateOuts.push({ entry: layout.state.find((t) => t.nodeId === id && t.name === name)!, value });
      },
    };
    ctxs.set(id, ctx);
    const sources = doc.edges.filter((ed) => ed.target === id).map((ed) => ed.source);
    fwd.set(id, emitterFor(node.kind).forward(ctx, sources.map(valueOf)));
  }
  return { fwd, ctxs, stateOuts, valueOf };
}

/**
 * Drops nodes nothing reads (e.g. the output layer's softmax in the training graph, whose loss reads the
 * logits) and the initializers only they used: onnxruntime runs every node of a graph, read or not.
 */
function prune(b: Built): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const live = new Set(b.outputs.map((o) => o.name ?? ''));
  const kept: NodeProto[] = [];
  for (let i = b.e.nodes.length - 1; i >= 0; i--) {
    const n = b.e.nodes[i];
    if (!(n.output ?? []).some((o) => live.has(o))) continue;
    kept.push(n);
    for (const input of n.input ?? []) live.add(input);
  }
  return { nodes: kept.reverse(), initializers: b.e.initializers.filter((t) => live.has(t.name ?? '')) };
}

function finish(b: Built, name: string): Uint8Array {
  const { nodes, initializers } = prune(b);
  const graph = makeGraph(nodes, name, b.inputs, b.outputs, initializers);
  return encodeModel(makeModel(graph, { opset: OPSET, producerName: 'convas-compile' }));
}

function opCounts(e: Emitter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of e.nodes) out[n.opType!] = (out[n.opType!] ?? 0) + 1;
  return out;
}

function commonInputs(layout: ReturnType<typeof layoutOf>, e: Emitter): ValueInfoProto[] {
  for (const n of ['x', 'labels', 'theta', 'loss', 'correct']) e.reserve(n);
  const inputs = [
    f32('x', ['N', ...layout.inputShape]),
    makeTensorValueInfo('labels', DataType.INT64, ['N']),
    f32('theta', [layout.thetaLength]),
  ];
  for (const s of layout.state) inputs.push(f32(e.reserve(s.input), s.shape));
  return inputs;
}

/** The training-step graph. */
export function compileTrainingStep(doc: GraphDocument, options: CompileOptions): CompiledGraph {
  return compileStep(doc, options, options.optimizer);
}

/**
 * The gradient-step graph: the training step without its update. Its 'grad' output is the flat gradient (θ's
 * layout) of the mean loss over its samples times the scalar input 'grad.scale' — n / N for a share of n samples
 * of an N-sample batch, so the shares' outputs sum to the whole batch's gradient.
 */
export function compileGradientStep(doc: GraphDocument, options: GraphOptions = {}): CompiledGraph {
  return compileStep(doc, options, null);
}

function compileStep(
  doc: GraphDocument,
  options: GraphOptions & Pick<CompileOptions, 'gradients'>,
  optimizer: OptimizerConfig | null,
): CompiledGraph {
  const a = checked(doc);
  const base = layoutOf(doc, a);
  const e = new Emitter();
  const inputs = commonInputs(base, e);
  const opt = optimizer ? optimizerIO(optimizer) : { scalars: ['grad.scale'], state: [] };
  for (const s of opt.scalars) inputs.push(f32(e.reserve(s), []));
  for (const s of opt.state) inputs.push(f32(e.reserve(s.input), [base.thetaLength]));
  for (const d of base.dropout) inputs.push(f32(e.reserve(d.input), ['N', ...d.shape]));
  const outputNames = [
    optimizer ? 'theta.next' : 'grad',
    ...opt.state.map((s) => s.output),
    ...base.state.map((s) => s.output),
  ];
  for (const n of outputNames) e.reserve(n);

  const { fwd, ctxs, stateOuts } = emitForward(doc, a, base, e, true, options);
  const outId = a.outputIds[0];
  const { logits, throughSoftmax } = logitsOf(doc, outId, fwd.get(outId)!);
  const dLogits = emitLoss(e, logits, base.classes, true)!;

  // Which nodes need a gradient: those with parameters, and everything downstream of one.
  const sourcesOf = (id: string) => doc.edges.filter((ed) => ed.target === id).map((ed) => ed.source);
  const needs = new Map<string, boolean>();
  for (const id of a.order) {
    if (!a.nodes[id].connected || id === a.inputId) continue;
    needs.set(id, base.params.some((p) => p.nodeId === id) || sourcesOf(id).some((s) => needs.get(s) === true));
  }
  const pending = new Map<string, string[]>([[outId, [dLogits]]]);
  const grads = new Map<string, string>();
  for (const id of [...a.order].reverse()) {
    const parts = pending.get(id);
    if (!parts || id === a.inputId || !needs.get(id)) continue;
    const dy = parts.length === 1 ? parts[0] : e.op(parts.length === 2 ? 'Add' : 'Sum', parts, `${id}/dy`);
    const sources = sourcesOf(id);
    const dxs = emitterFor(ctxs.get(id)!.kind).backward(ctxs.get(id)!, {
      inputs: sources.map((s) => (s === a.inputId ? 'x' : fwd.get(s)!.output)),
      fwd: fwd.get(id)!,
      dy,
      dyIsPre: id === outId && throughSoftmax,
      needDx: sources.map((s) => needs.get(s) === true),
      grad: (name, value) => grads.set(`${id}.${name}`, value),
    });
    dxs.forEach((dx, i) => {
      if (!dx) return;
      const list = pending.get(sources[i]) ?? [];
      list.push(dx);
      pending.set(sources[i], list);
    });
  }

  // Flat gradient in θ's order; a parameter the loss does not reach gets zeros.
  const flatParts = base.params.map((p) => {
    const g = grads.get(`${p.nodeId}.${p.name}`);
    return g
      ? e.reshape(g, [-1], `${p.nodeId}.${p.name}/gradflat`)
      : e.floats(`${p.nodeId}.${p.name}/nograd`, [p.length], new Float32Array(p.length));
  });
  const gflat = flatParts.length === 1 ? flatParts[0] : e.op('Concat', flatParts, 'grad/flat', { axis: 0 });
  if (optimizer) {
    let decay: Float32Array | null = null;
    const wd = optimizer.weightDecay ?? 0;
    if (wd > 0) {
      decay = new Float32Array(base.thetaLength);
      for (const p of base.params) if (p.decay) decay.fill(wd, p.offset, p.offset + p.length);
    }
    emitUpdate(e, optimizer, 'theta', gflat, decay);
  } else {
    e.opInto('Mul', [gflat, 'grad.scale'], 'grad');
  }
  for (const s of stateOuts) e.opInto('Identity', [s.value], s.entry.output);

  const outputs = [f32('loss', []), f32('correct', []), f32(optimizer ? 'theta.next' : 'grad', [base.thetaLength])];
  for (const s of opt.state) outputs.push(f32(s.output, [base.thetaLength]));
  for (const s of base.state) outputs.push(f32(s.output, s.shape));
  const gradients: Record<string, string> = {};
  if (options.gradients) {
    for (const p of base.params) {
      const name = e.reserve(`grad.${p.nodeId}.${p.name}`);
      e.opInto(
        'Identity',
        [grads.get(`${p.nodeId}.${p.name}`) ?? e.floats(`${name}/zeros`, p.shape, new Float32Array(p.length))],
        name,
      );
      outputs.push(f32(name, p.shape));
      gradients[`${p.nodeId}.${p.name}`] = name;
    }
  }
  const layout: CompiledLayout = { ...base, optimizerState: opt.state, scalars: opt.scalars, gradients };
  return {
    model: finish({ e, inputs, outputs }, `${doc.name || 'network'} ${optimizer ? 'training' : 'gradient'} step`),
    layout,
    ops: opCounts(e),
  };
}

/** The evaluation graph: forward with running statistics and no dropout, then loss and correct count. */
export function compileEvaluation(doc: GraphDocument, options: GraphOptions = {}): CompiledGraph {
  const a = checked(doc);
  const base = layoutOf(doc, a);
  const e = new Emitter();
  const inputs = commonInputs(base, e);
  e.reserve('output');
  e.reserve('logits');
  const { fwd } = emitForward(doc, a, base, e, false, options);
  const outId = a.outputIds[0];
  const f = fwd.get(outId)!;
  const { logits } = logitsOf(doc, outId, f);
  emitLoss(e, logits, base.classes, false);
  e.opInto('Identity', [f.output], 'output');
  e.opInto('Identity', [logits], 'logits');
  const outputs = [
    f32('loss', []),
    f32('correct', []),
    f32('output', ['N', base.classes]),
    f32('logits', ['N', base.classes]),
  ];
  const layout: CompiledLayout = { ...base, optimizerState: [], scalars: [], gradients: {} };
  return { model: finish({ e, inputs, outputs }, `${doc.name || 'network'} evaluation`), layout, ops: opCounts(e) };
}

export { CompileError, layoutOf } from './layout.js';
export type { CompiledLayout, DropoutEntry, ParamEntry, StateEntry } from './layout.js';
