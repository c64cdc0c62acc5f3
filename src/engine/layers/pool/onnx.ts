/**
 * Pools in ONNX: MaxPool and AveragePool (count_include_pad 0: padding never counts towards an average, the
 * engine's rule), and GlobalAveragePool + Flatten for globalAvgPool2d, whose output is a flat [C]. Imports take
 * the same operators back; attribute defaults follow Operators.md (MaxPool-12, AveragePool-11).
 */
import type { Attrs } from '../../onnx/builder.js';
import { windowAttrs, type EmitContext } from '../../onnx/emitContext.js';
import { ImportError, out0, size2, windowOf, type ImportContext } from '../../onnx/importContext.js';
import type { NodeProto } from '../../onnx/builder.js';
import { pair } from '../geometry.js';
import type { OnnxFacet } from '../kind.js';

function exportPool(op: 'MaxPool' | 'AveragePool', c: EmitContext): void {
  const k = pair(c.params.poolSize, [2, 2]);
  const attrs: Attrs = windowAttrs(c, k, pair(c.params.stride, k));
  if (op === 'AveragePool') attrs.count_include_pad = 0;
  c.node(op, [c.inputs[0]], [c.output], '', attrs);
}

function importPool(kind: 'maxPool2d' | 'avgPool2d', c: ImportContext, node: NodeProto): void {
  const a = c.attrs(node);
  const x = c.source(node, 0);
  const ks = a.kernel_shape as number[] | undefined;
  if (!ks || ks.length !== 2) throw new ImportError(`${c.label(node)}: only 2-D pooling windows map onto Convas`);
  if (((a.ceil_mode as number | undefined) ?? 0) !== 0)
    throw new ImportError(`${c.label(node)}: ceil_mode 1 — Convas pools round down (ceil_mode 0)`);
  const indices = node.output?.[1];
  if (indices && (c.consumers.get(indices)?.length || c.graphOutputs.has(indices))) {
    throw new ImportError(`${c.label(node)}: its Indices output is used, and Convas pools have none`);
  }
  const kernel: [number, number] = [ks[0], ks[1]];
  const { stride, padding } = windowOf(c, node, x, kernel);
  if (kind === 'avgPool2d' && (a.count_include_pad as number | undefined) === 1 && padding !== 'valid') {
    throw new ImportError(`${c.label(node)}: count_include_pad 1 averages padding zeros in, Convas never does`);
  }
  const strideParam = stride[0] === kernel[0] && stride[1] === kernel[1] ? null : size2(stride);
  c.add(c.uniqueId(node.name, kind), kind, { poolSize: size2(kernel), stride: strideParam, padding }, [x], out0(node));
}

export const maxPoolOnnx: OnnxFacet = {
  export: (c) => exportPool('MaxPool', c),
  import: { MaxPool: (c, node) => importPool('maxPool2d', c, node) },
};

export const avgPoolOnnx: OnnxFacet = {
  export: (c) => exportPool('AveragePool', c),
  import: { AveragePool: (c, node) => importPool('avgPool2d', c, node) },
};

export const globalAvgPoolOnnx: OnnxFacet = {
  export(c) {
    // The engine outputs a flat [C]; GlobalAveragePool gives [N, C, 1, 1], so Flatten follows.
    const pooled = c.value('pooled');
    c.node('GlobalAveragePool', [c.inputs[0]], [pooled], '');
    c.node('Flatten', [pooled], [c.output], 'flatten', { axis: 1 });
  },
  import: {
    /**
     * GlobalAveragePool gives [N, C, 1, 1]: an average pool over the whole map. Convas' globalAvgPool2d outputs
     * a flat [C], so when a flatten is the pool's one reader (flatten.ts) the two become one globalAvgPool2d.
     */
    GlobalAveragePool(c, node) {
      const x = c.source(node, 0);
      if (x.shape.length !== 3) throw new ImportError(`${c.label(node)}: needs a feature map [N, C, H, W]`);
      const params = { poolSize: size2([x.shape[1], x.shape[2]]), stride: null, padding: 'valid' };
      const built = c.add(c.uniqueId(node.name, 'gap'), 'avgPool2d', params, [x], out0(node));
      built.fromGlobalPool = out0(node);
    },
  },
};
