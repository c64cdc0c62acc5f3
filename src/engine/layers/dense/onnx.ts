/**
 * dense in ONNX: Gemm with W [in, units] as B without transB (Y = X·B + C), then the activation. Imports Gemm
 * (alpha, beta and transB folded into the weights) and MatMul by a constant; defaults follow Operators.md (Gemm-13).
 */
import { withActivation } from '../../onnx/emitContext.js';
import { ImportError, out0, type BuiltNode, type ImportContext } from '../../onnx/importContext.js';
import type { NodeProto } from '../../onnx/builder.js';
import type { OnnxFacet } from '../kind.js';

/** A dense layer from W [in, units] and an optional bias. */
function addDense(
  c: ImportContext,
  node: NodeProto,
  x: BuiltNode,
  w: Float32Array,
  inputs: number,
  units: number,
  b?: Float32Array,
) {
  if (x.shape.length !== 1)
    throw new ImportError(`${c.label(node)}: needs a flat input [N, features] but gets [N, ${x.shape.join(', ')}]`);
  if (x.shape[0] !== inputs)
    throw new ImportError(`${c.label(node)}: its weight expects ${inputs} inputs but gets ${x.shape[0]}`);
  const weights: Record<string, Float32Array> = { W: w };
  if (b) weights.b = b;
  c.add(
    c.uniqueId(node.name, 'dense'),
    'dense',
    { units, useBias: !!b, activation: 'linear' },
    [x],
    out0(node),
    weights,
  );
}

export const denseOnnx: OnnxFacet = {
  export(c) {
    const [n] = c.info.inputShapes[0];
    const units = c.info.outputShape![0];
    const inputs = [c.inputs[0], c.floatInit('W', [n, units], c.weights.W)];
    if (c.weights.b) inputs.push(c.floatInit('b', [units], c.weights.b));
    withActivation(c, (y) => c.node('Gemm', inputs, [y], '', { transB: 0 }));
  },
  foldsBias: true,
  import: {
    /** Y = alpha·A·op(B) + beta·C with A [N, in]; alpha and beta are folded into the weights. */
    Gemm(c, node) {
      const a = c.attrs(node);
      if (((a.transA as number | undefined) ?? 0) !== 0)
        throw new ImportError(`${c.label(node)}: transA 1 — Convas layers take the batch first`);
      const x = c.source(node, 0);
      const B = c.constFloat(node, 1, 'weight');
      if (B.dims.length !== 2)
        throw new ImportError(`${c.label(node)}: its weight should be 2-D, not [${B.dims.join(', ')}]`);
      const transB = ((a.transB as number | undefined) ?? 0) === 1;
      const [inputs, units] = transB ? [B.dims[1], B.dims[0]] : B.dims;
      const alpha = (a.alpha as number | undefined) ?? 1;
      const beta = (a.beta as number | undefined) ?? 1;
      const w = new Float32Array(inputs * units);
      for (let i = 0; i < inputs; i++)
        for (let u = 0; u < units; u++) w[i * units + u] = alpha * B.data[transB ? u * inputs + i : i * units + u];
      let b: Float32Array | undefined;
      if (c.isConst(node.input?.[2])) {
        const C = c.constFloat(node, 2, 'bias');
        if (C.data.length !== units && C.data.length !== 1) {
          throw new ImportError(
            `${c.label(node)}: its bias [${C.dims.join(', ')}] does not broadcast to ${units} units per sample`,
          );
        }
        b = Float32Array.from({ length: units }, (_, u) => beta * C.data[C.data.length === 1 ? 0 : u]);
      } else if (node.input?.[2]) {
        throw new ImportError(`${c.label(node)}: its bias is computed, Convas needs a constant`);
      }
      addDense(c, node, x, w, inputs, units, b);
    },
    MatMul(c, node) {
      const x = c.source(node, 0);
      if (!c.isConst(node.input?.[1])) {
        throw new ImportError(
          `${c.label(node)}: a product of two computed values has no Convas layer (dense needs constant weights)`,
        );
      }
      const B = c.constFloat(node, 1, 'weight');
      if (B.dims.length !== 2)
        throw new ImportError(
          `${c.label(node)}: its weight is [${B.dims.join(', ')}]; dense needs a 2-D [in, units] weight`,
        );
      addDense(c, node, x, B.data, B.dims[0], B.dims[1]);
    },
  },
};
