/**
 * activation: an element-wise function. softmax normalises over the channel axis (axis 1 with the batch, as
 * ONNX Softmax-13 with axis 1), so on a flat vector it is the usual softmax over units.
 *
 * ONNX: the activation's operator (onnx/emitContext.ts, emitActivation). An imported activation operator folds
 * into the layer before it when that layer has an `activation` param still linear and the operator is its one
 * reader; otherwise it becomes an activation layer.
 */
import { activationBackward as emitActivationBackward, activationForward } from '../compile/activations.js';
import type { KindEmitter } from '../compile/kinds.js';
import { activateInPlace, activationBackward } from '../kernels/activation.js';
import { emitActivation } from '../onnx/emitContext.js';
import { ImportError, out0, readers, type ImportContext } from '../onnx/importContext.js';
import { passShape } from '../onnx/importShapes.js';
import type { NodeProto } from '../onnx/builder.js';
import { ACTIVATIONS, LEAKY_RELU_ALPHA, type ActivationFn, type Tensor } from '../types.js';
import { msg } from '../messages.js';
import type { LayerKind, OnnxImporter } from './kind.js';
import { activationOf } from './specs.js';
import { activate, softmaxNote, type PytorchEmitter } from '../pytorch/emit.js';

const activationEmitter: KindEmitter = {
  forward(c, [x]) {
    const out = activationForward(c.e, activationOf(c.params, 'fn'), x, c.id);
    return { output: out, pre: x, saved: {} };
  },
  backward(c, a) {
    if (!a.needDx[0]) return [null];
    return [
      a.dyIsPre ? a.dy : emitActivationBackward(c.e, activationOf(c.params, 'fn'), a.fwd.output, a.dy, `${c.id}/dx`),
    ];
  },
};

/** Whether a node's kind has an `activation` param that an activation operator after it can fold into. */
const hasActivationParam = (c: ImportContext, kind: string) =>
  c.layer(kind)?.params.some((s) => s.name === 'activation') ?? false;

/** An activation operator: folded into the layer before it when that layer has an `activation` param. */
const importActivation =
  (fn: ActivationFn): OnnxImporter =>
  (c: ImportContext, node: NodeProto) => {
    const x = c.source(node, 0);
    if (fn === 'leakyRelu') {
      const alpha = (c.attrs(node).alpha as number | undefined) ?? 0.01;
      if (Math.abs(alpha - LEAKY_RELU_ALPHA) > 1e-6)
        throw new ImportError(`${c.label(node)}: alpha ${alpha} — Convas' leakyRelu has alpha ${LEAKY_RELU_ALPHA}`);
    }
    if (fn === 'softmax') {
      const rank = x.shape.length + 1;
      const axis = (c.attrs(node).axis as number | undefined) ?? (c.opset >= 13 ? -1 : 1);
      const along = axis < 0 ? axis + rank : axis;
      // Before opset 13 Softmax flattened everything from `axis` on; that equals Convas' only for [N, C].
      const ok = c.opset >= 13 ? along === 1 : along === 1 && rank === 2;
      if (!ok) {
        throw new ImportError(
          `${c.label(node)}: softmax over axis ${axis} of a rank-${rank} tensor (opset ${c.opset}) — ` +
            "Convas' softmax normalises over the channels (axis 1) alone",
        );
      }
    }
    // A model Convas wrote names a folded activation `${layer}/…`; any other name there is an activation layer.
    const fromLayer = !c.convasModel || (node.name ?? '').startsWith(`${x.id}/`);
    if (fromLayer && hasActivationParam(c, x.kind) && x.params.activation === 'linear' && readers(c, x.id) === 1) {
      x.params.activation = fn;
      c.fused.add(node);
      c.alias(out0(node), x);
      return;
    }
    c.add(c.uniqueId(node.name, fn), 'activation', { fn }, [x], out0(node));
  };

const activationPy: PytorchEmitter = (ctx) => {
  const fn = activationOf(ctx.params, 'fn');
  return {
    init: [],
    forward: [`${ctx.name} = ${activate(ctx.inputs[0], fn, ctx.isOutput)}${softmaxNote(fn, ctx.isOutput)}`],
    tensors: [],
  };
};

export const activation: LayerKind<{ y: Tensor }> = {
  kind: 'activation',
  label: 'Activation',
  category: 'Activation',
  description: 'Applies a non-linearity to every value.',
  params: [{ name: 'fn', label: 'Function', type: 'enum', options: ACTIVATIONS, initial: 'relu' }],
  inputs: { min: 1, max: 1 },
  summarize: (p) => [msg('summary.activation', { fn: String(p.fn) })],
  inferShape: (inputs) => [...inputs[0]],
  tensors: () => [],
  macs: () => 0,
  receptiveField: (inputs) => inputs[0],
  /** Linear returns its input as is (tensors are never mutated once produced); others write a new tensor. */
  forward([x], _w, p) {
    const fn = activationOf(p, 'fn');
    if (fn === 'linear') return { output: x, cache: { y: x } };
    const y = { shape: [...x.shape], data: x.data.slice() };
    activateInPlace(fn, y.data, y.shape);
    return { output: y, cache: { y } };
  },
  backward(dOut, { y }, _w, p) {
    const fn = activationOf(p, 'fn');
    if (fn === 'linear') return [dOut];
    return [
      {
        shape: [...y.shape],
        data: activationBackward(fn, y.data, dOut.data, new Float32Array(dOut.data.length), y.shape),
      },
    ];
  },
  onnx: {
    export: (c) => emitActivation(c, activationOf(c.params, 'fn'), c.inputs[0], c.output, ''),
    import: {
      Relu: importActivation('relu'),
      LeakyRelu: importActivation('leakyRelu'),
      Sigmoid: importActivation('sigmoid'),
      Tanh: importActivation('tanh'),
      Softmax: importActivation('softmax'),
      // In a model Convas wrote, an Identity named after a node is a linear activation layer (`…/identity`
      // copies a dropout into the output); anywhere else Identity is just another name for its input.
      Identity(c, node) {
        if (c.shapes.has(node.input?.[0] ?? '')) return passShape(c, node);
        if (c.convasModel && node.name && !node.name.endsWith('/identity')) return importActivation('linear')(c, node);
        c.alias(out0(node), c.source(node, 0));
      },
    },
  },
  compiled: activationEmitter,
  pytorch: activationPy,
};
