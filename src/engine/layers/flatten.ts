/**
 * flatten: a feature map [C, H, W] becomes a vector [C·H·W] in C-major order (ONNX Flatten axis 1). Flattening
 * is a reshape: the output shares the input's buffer, and the gradient shares dOutput's. Imports Flatten and a
 * Reshape to [N, C·H·W]; after a GlobalAveragePool it turns the pool into one globalAvgPool2d (pool/onnx.ts).
 */
import type { KindEmitter } from '../compile/kinds.js';
import { fmtInt } from '../format.js';
import { sizeOf } from '../kernels/scratch.js';
import type { NodeProto } from '../onnx/builder.js';
import { ImportError, out0, readers, type BuiltNode, type ImportContext } from '../onnx/importContext.js';
import { symbolicInts } from '../onnx/importShapes.js';
import { msg } from '../messages.js';
import type { LayerKind, OnnxImporter } from './kind.js';
import type { PytorchEmitter } from '../pytorch/emit.js';

/** Reshape's target when it is a flatten: [0 | −1 | N | the exported batch, C·H·W | −1]. */
function isFlatReshape(c: ImportContext, node: NodeProto, x: BuiltNode): boolean {
  if (node.opType === 'Flatten') {
    const axis = (c.attrs(node).axis as number | undefined) ?? 1;
    return (axis < 0 ? axis + x.shape.length + 1 : axis) === 1;
  }
  if (node.opType !== 'Reshape') return false;
  const shape = symbolicInts(c, node.input?.[1]);
  if (!shape) return false;
  const n = sizeOf(x.shape);
  // A leading dimension equal to the batch the model was exported with is the batch: PyTorch writes
  // x.view(x.size(0), -1) traced with a fixed batch of 1 as a Reshape to [1, −1].
  const batch =
    shape[0] === 0 || shape[0] === -1 || shape[0] === 'batch' || (c.inputBatch !== null && shape[0] === c.inputBatch);
  return shape.length === 2 && (shape[1] === n || (shape[1] === -1 && batch));
}

const importFlatten: OnnxImporter = (c, node) => {
  const x = c.source(node, 0);
  const flat = isFlatReshape(c, node, x);
  if (flat && x.fromGlobalPool && readers(c, x.id) === 1) {
    // Shape nodes that read the pool already saw [N, C, 1, 1]; later ones must too.
    c.onnxShape.set(x.fromGlobalPool, [...x.shape]);
    x.kind = 'globalAvgPool2d';
    x.params = {};
    x.shape = [x.shape[0]];
    delete x.fromGlobalPool;
    c.fused.add(node);
    c.alias(out0(node), x);
    return;
  }
  if (!flat) {
    const what =
      node.opType === 'Flatten'
        ? `axis ${c.attrs(node).axis}`
        : `a reshape to [${symbolicInts(c, node.input?.[1])?.join(', ') ?? 'a computed shape'}]`;
    throw new ImportError(`${c.label(node)}: ${what} — Convas only flattens [N, C, H, W] to [N, C·H·W]`);
  }
  c.add(c.uniqueId(node.name, 'flatten'), 'flatten', {}, [x], out0(node));
};

const flattenEmitter: KindEmitter = {
  forward: (c, [x]) => ({ output: c.e.op('Flatten', [x], c.id, { axis: 1 }), saved: {} }),
  backward: (c, a) => [a.needDx[0] ? c.e.reshape(a.dy, [-1, ...c.info.inputShapes[0]], `${c.id}/dx`) : null],
};

/** C, H, W order, as Convas and ONNX Flatten (axis 1). */
const flattenPy: PytorchEmitter = (ctx) => ({
  init: [],
  forward: [`${ctx.name} = torch.flatten(${ctx.inputs[0]}, 1)`],
  tensors: [],
});

export const flatten: LayerKind<{ shape: number[] }> = {
  kind: 'flatten',
  label: 'Flatten',
  category: 'Shape',
  description: 'Unrolls a feature map into one long vector, so dense layers can follow.',
  params: [],
  inputs: { min: 1, max: 1 },
  summarize: () => [],
  inferShape: (inputs) => [sizeOf(inputs[0])],
  tensors: () => [],
  macs: () => 0,
  receptiveField: () => null,
  forward([x]) {
    const n = x.shape[0];
    return { output: { shape: [n, x.data.length / n], data: x.data }, cache: { shape: [...x.shape] } };
  },
  backward: (dOut, cache) => [{ shape: [...cache.shape], data: dOut.data }],
  explain: ({ info }) => ({
    out: [msg('formula.out', { expr: `${info.inputShapes[0].join('·')} = ${fmtInt(info.outputShape![0])}` })],
  }),
  onnx: {
    export: (c) => c.node('Flatten', [c.inputs[0]], [c.output], '', { axis: 1 }),
    import: { Flatten: importFlatten, Reshape: importFlatten },
  },
  compiled: flattenEmitter,
  pytorch: flattenPy,
};
