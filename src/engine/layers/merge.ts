/**
 * Merges: add sums inputs of equal shape; concat stacks them along channels (axis 1 with the batch), so feature
 * maps need equal H×W. Both take the largest receptive field of their inputs. ONNX: Add (Sum for more than two
 * inputs) and Concat on axis 1; an imported Add of a constant folds into the bias of the layer before it. In the
 * compiled graph each input of add receives dY; concat's Split gives each input its channels of dY.
 */
import type { KindEmitter } from '../compile/kinds.js';
import { sizeOf } from '../kernels/scratch.js';
import type { NodeProto } from '../onnx/builder.js';
import { ImportError, out0, readers, type BuiltNode, type ImportContext } from '../onnx/importContext.js';
import { concatShapes } from '../onnx/importShapes.js';
import { msg } from '../messages.js';
import { LayerError, type ReceptiveField, type Shape, type Tensor } from '../types.js';
import type { LayerKind, OnnxImporter } from './kind.js';
import type { PytorchEmitter } from '../pytorch/emit.js';

const fmt = (s: Shape) => `[${s.join(', ')}]`;

function largestField(inputs: (ReceptiveField | null)[]): ReceptiveField | null {
  if (inputs.some((r) => r === null)) return null;
  const rs = inputs as ReceptiveField[];
  return {
    size: [Math.max(...rs.map((r) => r.size[0])), Math.max(...rs.map((r) => r.size[1]))],
    jump: [Math.max(...rs.map((r) => r.jump[0])), Math.max(...rs.map((r) => r.jump[1]))],
  };
}

/** Adds a constant into the previous layer's bias when that is exactly what it is; false when it is not. */
function foldBias(c: ImportContext, node: NodeProto, x: BuiltNode, constIndex: number): boolean {
  if (
    !c.layer(x.kind)?.onnx.foldsBias ||
    x.params.useBias !== false ||
    x.params.activation !== 'linear' ||
    readers(c, x.id) !== 1
  )
    return false;
  const t = c.constFloat(node, constIndex, 'constant');
  const channels = x.shape[0];
  const map = x.shape.length === 3;
  // Right-aligned broadcasting: per channel means [.., C, 1, 1] for maps, [.., units] for vectors.
  const dims = t.dims.slice();
  while (dims.length && dims[0] === 1 && dims.length > (map ? 3 : 1)) dims.shift();
  const perChannel = map
    ? dims.length === 3 && dims[0] === channels && dims[1] === 1 && dims[2] === 1
    : dims.length === 1 && dims[0] === channels;
  if (!perChannel) return false;
  x.params.useBias = true;
  x.weights.b = t.data;
  c.fused.add(node);
  c.alias(out0(node), x);
  return true;
}

const importAdd: OnnxImporter = (c, node) => {
  const ins = node.input ?? [];
  const constAt = ins.findIndex((v) => c.isConst(v));
  if (constAt >= 0) {
    const x = c.source(node, 1 - constAt);
    if (ins.length === 2 && foldBias(c, node, x, constAt)) return;
    throw new ImportError(
      `${c.label(node)}: adds a constant that is not a per-channel bias of the layer before it — ` +
        'Convas has no such layer',
    );
  }
  importMerge('add')(c, node);
};

const importMerge =
  (kind: 'add' | 'concat'): OnnxImporter =>
  (c, node) => {
    const xs = (node.input ?? []).map((_, i) => c.source(node, i));
    if (kind === 'concat') {
      const rank = xs[0].shape.length + 1;
      const axis = (c.attrs(node).axis as number | undefined) ?? 1;
      if ((axis < 0 ? axis + rank : axis) !== 1)
        throw new ImportError(
          `${c.label(node)}: concatenates along axis ${axis}, Convas only along the channels (axis 1)`,
        );
    }
    if (xs.length === 1) return c.alias(out0(node), xs[0]);
    c.add(c.uniqueId(node.name, kind), kind, {}, xs, out0(node));
  };

const addEmitter: KindEmitter = {
  forward: (c, xs) => ({ output: c.e.op(xs.length === 2 ? 'Add' : 'Sum', xs, c.id), saved: {} }),
  backward: (_c, a) => a.needDx.map((need) => (need ? a.dy : null)),
};

const concatEmitter: KindEmitter = {
  forward: (c, xs) => ({ output: c.e.op('Concat', xs, c.id, { axis: 1 }), saved: {} }),
  backward(c, a) {
    const e = c.e;
    const outs = c.info.inputShapes.map((_, i) => e.fresh(`${c.id}/dx${i}`));
    e.opMulti('Split', [a.dy, e.ints(c.info.inputShapes.map((s) => s[0]))], outs, { axis: 1 });
    return outs.map((o, i) => (a.needDx[i] ? o : null));
  },
};

const addPy: PytorchEmitter = (ctx) => ({
  init: [],
  forward: [`${ctx.name} = ${ctx.inputs.join(' + ')}`],
  tensors: [],
});

export const add: LayerKind<{ count: number }> = {
  kind: 'add',
  label: 'Add',
  category: 'Merge',
  description: 'Adds its inputs element by element (a residual connection). They must have the same shape.',
  params: [],
  inputs: { min: 2, max: 16 },
  summarize: () => [],
  inferShape(inputs, _p, ctx) {
    const first = inputs[0];
    const other = inputs.find((s) => s.length !== first.length || s.some((d, i) => d !== first[i]));
    if (other) {
      throw new LayerError(msg('addShapes', { id: ctx.id, shapes: inputs.map(fmt) }));
    }
    return [...first];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: largestField,
  forward(inputs) {
    const y = inputs[0].data.slice();
    for (let k = 1; k < inputs.length; k++) {
      const d = inputs[k].data;
      for (let i = 0; i < y.length; i++) y[i] += d[i];
    }
    return { output: { shape: [...inputs[0].shape], data: y }, cache: { count: inputs.length } };
  },
  /** Every input gets dOutput; the first takes dOutput's own buffer, the others copies, so none alias. */
  backward(dOut, { count }) {
    const out: Tensor[] = [dOut];
    for (let k = 1; k < count; k++) out.push({ shape: [...dOut.shape], data: dOut.data.slice() });
    return out;
  },
  onnx: {
    // Add is binary; Sum takes any number of inputs (both have CPU and CUDA kernels).
    export: (c) => c.node(c.inputs.length === 2 ? 'Add' : 'Sum', c.inputs, [c.output], ''),
    import: { Add: importAdd, Sum: importMerge('add') },
  },
  compiled: addEmitter,
  pytorch: addPy,
};

/** Along channels (dim 1), in edge order. */
const concatPy: PytorchEmitter = (ctx) => ({
  init: [],
  forward: [`${ctx.name} = torch.cat([${ctx.inputs.join(', ')}], dim=1)`],
  tensors: [],
});

export const concat: LayerKind<{ shapes: number[][] }> = {
  kind: 'concat',
  label: 'Concatenate',
  category: 'Merge',
  description: 'Stacks its inputs along the channels. Feature maps must have the same height and width.',
  params: [],
  inputs: { min: 2, max: 16 },
  summarize: () => [msg('summary.channels')],
  inferShape(inputs, _p, ctx) {
    const rank = inputs[0].length;
    if (inputs.some((s) => s.length !== rank)) {
      throw new LayerError(msg('concatRank', { id: ctx.id, shapes: inputs.map(fmt) }));
    }
    if (rank === 3 && inputs.some((s) => s[1] !== inputs[0][1] || s[2] !== inputs[0][2])) {
      throw new LayerError(msg('concatSize', { id: ctx.id, sizes: inputs.map((s) => `${s[1]}×${s[2]}`) }));
    }
    const channels = inputs.reduce((a, s) => a + s[0], 0);
    return rank === 3 ? [channels, inputs[0][1], inputs[0][2]] : [channels];
  },
  tensors: () => [],
  macs: () => 0,
  receptiveField: largestField,
  /** Along axis 1: per sample, the inputs' blocks of C_k·H·W values (C_k for flat inputs) follow one another. */
  forward(inputs) {
    const n = inputs[0].shape[0];
    const blocks = inputs.map((t) => t.data.length / n);
    const total = blocks.reduce((a, b) => a + b, 0);
    const y = new Float32Array(n * total);
    for (let s = 0; s < n; s++) {
      let o = s * total;
      inputs.forEach((t, k) => {
        y.set(t.data.subarray(s * blocks[k], (s + 1) * blocks[k]), o);
        o += blocks[k];
      });
    }
    const shape = [...inputs[0].shape];
    shape[1] = inputs.reduce((a, t) => a + t.shape[1], 0);
    return { output: { shape, data: y }, cache: { shapes: inputs.map((t) => [...t.shape]) } };
  },
  backward(dOut, { shapes }) {
    const n = shapes[0][0];
    const blocks = shapes.map((s) => sizeOf(s) / n);
    const total = blocks.reduce((a, b) => a + b, 0);
    const out = shapes.map((s, k) => ({ shape: [...s], data: new Float32Array(n * blocks[k]) }));
    for (let s = 0; s < n; s++) {
      let o = s * total;
      out.forEach((t, k) => {
        t.data.set(dOut.data.subarray(o, o + blocks[k]), s * blocks[k]);
        o += blocks[k];
      });
    }
    return out;
  },
  explain: ({ info }) => ({
    out: [
      msg('formula.outConcat', { expr: info.inputShapes.map((s) => s[0]).join(' + '), total: info.outputShape![0] }),
    ],
  }),
  onnx: {
    export: (c) => c.node('Concat', c.inputs, [c.output], '', { axis: 1 }),
    import: {
      Concat(c, node) {
        if (!concatShapes(c, node)) importMerge('concat')(c, node);
      },
    },
  },
  compiled: concatEmitter,
  pytorch: concatPy,
};
