/**
 * locallyConnected2d in standard ONNX operators. ONNX has no locally-connected operator, so the exporter writes
 * this chain (every operator has CPU and CUDA kernels in onnxruntime; no Einsum, no Unfold):
 *
 *   x [N, C, H, W]
 *   1. Conv, group = C, one-hot kernels [C·kh·kw, 1, kh, kw]: output channel c·kh·kw + i·kw + j copies input
 *      channel c at window offset (i, j), with the layer's strides and pads. This is im2col: patches
 *      P [N, C·kh·kw, oh, ow], the patch axis ordered (c, i, j) exactly like the layer's W.
 *   2. Reshape [0, C·kh·kw, oh·ow] (0 keeps the batch), Transpose perm [2, 0, 1] → [oh·ow, N, C·kh·kw].
 *   3. MatMul with W [oh·ow, C·kh·kw, F], batched over the oh·ow positions → [oh·ow, N, F].
 *      (out[l, n, f] = Σ_k P[n, k, l] · W[l, k, f], the layer's definition.)
 *   4. Transpose perm [1, 2, 0] → [N, F, oh·ow], Reshape [0, F, oh, ow].
 *   5. Add the bias b [F, oh, ow] (broadcast over N).
 *
 * The MatMul node carries the document node's id; the others are `${id}/patches`, `${id}/to_positions`, … The
 * importer recognises the same chain (matchLocallyConnected) and folds it back into one node.
 */
import { pair } from '../layers/geometry.js';
import { windowAttrs, type EmitContext } from './emitContext.js';

/** One-hot patch kernels [C·kh·kw, 1, kh, kw] for a depthwise Conv that extracts patches in (c, i, j) order. */
export function patchKernels(channels: number, kh: number, kw: number): Float32Array {
  const k = channels * kh * kw;
  const out = new Float32Array(k * kh * kw);
  for (let o = 0; o < k; o++) out[o * kh * kw + (o % (kh * kw))] = 1;
  return out;
}

export function emitLocallyConnected(c: EmitContext, y: string): void {
  const [channels] = c.info.inputShapes[0];
  const [f, oh, ow] = c.info.outputShape!;
  const [kh, kw] = pair(c.params.kernelSize);
  const k = channels * kh * kw;
  const l = oh * ow;

  const patches = c.value('patches');
  const onehot = c.floatInit('patch_kernels', [k, 1, kh, kw], patchKernels(channels, kh, kw));
  c.node('Conv', [c.inputs[0], onehot], [patches], 'patches', {
    ...windowAttrs(c, [kh, kw], pair(c.params.stride, [1, 1])),
    dilations: [1, 1],
    group: channels,
  });

  const flat = c.value('patches_flat');
  c.node('Reshape', [patches, c.intInit('patches_shape', [3], [0, k, l])], [flat], 'patches_flat');
  const byPosition = c.value('to_positions');
  c.node('Transpose', [flat], [byPosition], 'to_positions', { perm: [2, 0, 1] });

  const products = c.value('matmul');
  c.node('MatMul', [byPosition, c.floatInit('W', [l, k, f], c.weights.W)], [products], '');

  const back = c.value('from_positions');
  c.node('Transpose', [products], [back], 'from_positions', { perm: [1, 2, 0] });
  const shapeName = c.intInit('output_shape', [4], [0, f, oh, ow]);
  if (!c.weights.b) {
    c.node('Reshape', [back, shapeName], [y], 'unflatten');
    return;
  }
  const maps = c.value('unflatten');
  c.node('Reshape', [back, shapeName], [maps], 'unflatten');
  c.node('Add', [maps, c.floatInit('b', [f, oh, ow], c.weights.b)], [y], 'bias');
}
