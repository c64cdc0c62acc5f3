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
import { windowAttrs, withActivation, type EmitContext } from '../../onnx/emitContext.js';
import { out0, size2, windowOf, type BuiltNode, type ImportContext } from '../../onnx/importContext.js';
import type { NodeProto } from '../../onnx/builder.js';
import { pair, windowOf as geometryWindow } from '../geometry.js';
import type { OnnxFacet } from '../kind.js';

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

/**
 * Import: recognises the chain the export above writes and folds it back into one locallyConnected2d
 * node: Conv(group C, one-hot kernels) → Reshape [0, K, L] → Transpose [2, 0, 1] → MatMul W [L, K, F] →
 * Transpose [1, 2, 0] → Reshape [0, F, oh, ow] → optional Add b [F, oh, ow]. Each link must be the only reader
 * of the one before, so nothing else sees the intermediate values.
 */
const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Folds the pattern starting at `conv` into a locallyConnected2d node; returns null, or why it does not match. */
export function matchLocallyConnected(c: ImportContext, conv: NodeProto, x: BuiltNode): string | null {
  if (x.shape.length !== 3) return 'its input is not a feature map';
  const channels = x.shape[0];
  if (c.attrs(conv).group !== channels) return `group is not the ${channels} input channels`;
  if (!c.isConst(conv.input?.[1]) || conv.input?.[2])
    return 'its kernels are not constant one-hot patches without bias';
  const w = c.constFloat(conv, 1, 'weight');
  if (w.dims.length !== 4) return 'its weight is not 4-D';
  const [k, one, kh, kw] = w.dims;
  if (one !== 1 || k !== channels * kh * kw) return 'its kernels are not one per patch element';
  const expected = patchKernels(channels, kh, kw);
  if (w.data.some((v, i) => v !== expected[i])) return 'its kernels are not one-hot in (channel, row, column) order';

  const { stride, padding } = windowOf(c, conv, x, [kh, kw]);
  const win = geometryWindow(x.shape[1], x.shape[2], [kh, kw], stride, padding);
  const [oh, ow] = win.out;
  const l = oh * ow;

  const next = (node: NodeProto, op: string): NodeProto | null => {
    const n = c.soleConsumer(node.output?.[0]);
    return n && n.opType === op && n.input?.[0] === node.output?.[0] ? n : null;
  };
  const shapeIs = (node: NodeProto, tail: number[]) => {
    if (!c.isConst(node.input?.[1])) return false;
    const s = c.constInts(node, 1, 'shape');
    return (s[0] === 0 || s[0] === -1) && same(s.slice(1), tail);
  };
  const perm = (node: NodeProto) => (c.attrs(node).perm as number[] | undefined) ?? [];

  const r1 = next(conv, 'Reshape');
  if (!r1 || !shapeIs(r1, [k, l])) return `no Reshape to [N, ${k}, ${l}] follows`;
  const t1 = next(r1, 'Transpose');
  if (!t1 || !same(perm(t1), [2, 0, 1])) return 'no Transpose [2, 0, 1] follows the patches';
  const mm = next(t1, 'MatMul');
  if (!mm || !c.isConst(mm.input?.[1])) return 'no MatMul with constant weights follows the patches';
  const W = c.constFloat(mm, 1, 'weight');
  if (W.dims.length !== 3 || W.dims[0] !== l || W.dims[1] !== k)
    return `the MatMul weight is [${W.dims.join(', ')}], not [${l}, ${k}, filters]`;
  const f = W.dims[2];
  const t2 = next(mm, 'Transpose');
  if (!t2 || !same(perm(t2), [1, 2, 0])) return 'no Transpose [1, 2, 0] follows the MatMul';
  const r2 = next(t2, 'Reshape');
  if (!r2 || !shapeIs(r2, [f, oh, ow])) return `no Reshape to [N, ${f}, ${oh}, ${ow}] follows`;

  const weights: Record<string, Float32Array> = { W: W.data };
  let last = r2;
  const add = c.soleConsumer(r2.output?.[0]);
  if (add && add.opType === 'Add' && add.input?.length === 2) {
    const other = add.input[0] === r2.output?.[0] ? 1 : 0;
    if (c.isConst(add.input[other])) {
      const b = c.constFloat(add, other, 'bias');
      const dims = b.dims[0] === 1 && b.dims.length === 4 ? b.dims.slice(1) : b.dims;
      if (same(dims, [f, oh, ow])) {
        weights.b = b.data;
        last = add;
      }
    }
  }
  for (const n of [r1, t1, mm, t2, r2, last]) c.fused.add(n);
  const id = c.uniqueId(mm.name, 'locallyConnected');
  c.add(
    id,
    'locallyConnected2d',
    {
      filters: f,
      kernelSize: size2([kh, kw]),
      stride: size2(stride),
      padding,
      useBias: !!weights.b,
      activation: 'linear',
    },
    [x],
    out0(last),
    weights,
  );
  return null;
}

export const locallyConnected2dOnnx: OnnxFacet = {
  export: (c) => withActivation(c, (y) => emitLocallyConnected(c, y)),
  // The chain starts with a grouped Conv (group 1 on a one-channel input), so it is tried before conv2d.
  import: { Conv: (c, node) => matchLocallyConnected(c, node, c.source(node, 0)) },
  pattern: true,
};
