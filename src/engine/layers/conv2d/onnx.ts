/**
 * conv2d in ONNX: Conv with group 1 (W [F, C, kh, kw], b [F]) and the activation after it; a Conv node with
 * group 1 imports back as conv2d. Attribute defaults follow Operators.md (Conv-11).
 */
import { pair } from '../geometry.js';
import { windowAttrs, withActivation } from '../../onnx/emitContext.js';
import { ImportError, out0, size2, windowOf } from '../../onnx/importContext.js';
import type { OnnxFacet } from '../kind.js';

export const conv2dOnnx: OnnxFacet = {
  export(c) {
    const k = pair(c.params.kernelSize);
    const inputs = [c.inputs[0], c.floatInit('W', [...c.info.tensors[0].shape], c.weights.W)];
    if (c.weights.b) inputs.push(c.floatInit('b', [c.weights.b.length], c.weights.b));
    const attrs = { ...windowAttrs(c, k, pair(c.params.stride, [1, 1])), dilations: [1, 1], group: 1 };
    withActivation(c, (y) => c.node('Conv', inputs, [y], '', attrs));
  },
  foldsBias: true,
  import: {
    Conv(c, node) {
      const group = (c.attrs(node).group as number | undefined) ?? 1;
      if (group !== 1) return `a grouped convolution (group ${group}) is not a conv2d (group 1)`;
      const x = c.source(node, 0);
      const w = c.constFloat(node, 1, 'weight');
      if (w.dims.length !== 4) {
        throw new ImportError(
          `${c.label(node)}: only 2-D convolutions (4-D weights) map onto conv2d, ` +
            `this weight is [${w.dims.join(', ')}]`,
        );
      }
      const [f, ch, kh, kw] = w.dims;
      if (ch !== x.shape[0])
        throw new ImportError(`${c.label(node)}: its weight expects ${ch} input channels but gets ${x.shape[0]}`);
      const { stride, padding } = windowOf(c, node, x, [kh, kw]);
      const weights: Record<string, Float32Array> = { W: w.data };
      if (c.isConst(node.input?.[2])) weights.b = c.constFloat(node, 2, 'bias').data;
      const params = {
        filters: f,
        kernelSize: size2([kh, kw]),
        stride: size2(stride),
        padding,
        useBias: !!weights.b,
        activation: 'linear',
      };
      c.add(c.uniqueId(node.name, 'conv'), 'conv2d', params, [x], out0(node), weights);
    },
  },
};
