/**
 * depthwiseConv2d in ONNX: Conv with group = C and weight [C·M, 1, kh, kw] (output channel c·M + m reads input
 * channel c; Operators.md, Conv: "the input channels and the output channels are divided into group groups"),
 * bias [C·M], then the activation. A Conv node whose group equals its input channels (more than one) imports back
 * as depthwiseConv2d, with M = output channels / C. With one input channel, group 1 = C and the node is a plain
 * conv2d, which is what it imports as.
 */
import { windowAttrs, withActivation } from '../../onnx/emitContext.js';
import { ImportError, out0, size2, windowOf } from '../../onnx/importContext.js';
import { pair } from '../geometry.js';
import type { OnnxFacet } from '../kind.js';

export const depthwiseConv2dOnnx: OnnxFacet = {
  export(c) {
    const k = pair(c.params.kernelSize);
    const [channels] = c.info.inputShapes[0];
    const inputs = [c.inputs[0], c.floatInit('W', [...c.info.tensors[0].shape], c.weights.W)];
    if (c.weights.b) inputs.push(c.floatInit('b', [c.weights.b.length], c.weights.b));
    const attrs = { ...windowAttrs(c, k, pair(c.params.stride, [1, 1])), dilations: [1, 1], group: channels };
    withActivation(c, (y) => c.node('Conv', inputs, [y], '', attrs));
  },
  foldsBias: true,
  import: {
    Conv(c, node) {
      const group = (c.attrs(node).group as number | undefined) ?? 1;
      const x = c.source(node, 0);
      const channels = x.shape[0];
      if (group === 1) return 'group 1 is a full convolution';
      if (x.shape.length !== 3 || group !== channels) return `group ${group} is not the ${x.shape[0]} input channels`;
      const w = c.constFloat(node, 1, 'weight');
      if (w.dims.length !== 4 || w.dims[1] !== 1 || w.dims[0] % channels !== 0) {
        throw new ImportError(
          `${c.label(node)}: a depthwise convolution needs a weight [C·M, 1, kh, kw] for C = ${channels}, ` +
            `this one is [${w.dims.join(', ')}]`,
        );
      }
      const [cm, , kh, kw] = w.dims;
      const { stride, padding } = windowOf(c, node, x, [kh, kw]);
      const weights: Record<string, Float32Array> = { W: w.data };
      if (c.isConst(node.input?.[2])) weights.b = c.constFloat(node, 2, 'bias').data;
      const params = {
        kernelSize: size2([kh, kw]),
        stride: size2(stride),
        padding,
        depthMultiplier: cm / channels,
        useBias: !!weights.b,
        activation: 'linear',
      };
      c.add(c.uniqueId(node.name, 'depthwise'), 'depthwiseConv2d', params, [x], out0(node), weights);
    },
  },
};
