/**
 * Recognises the chain export writes for locallyConnected2d (see locallyConnected.ts) and folds it back into one
 * node: Conv(group C, one-hot kernels) → Reshape [0, K, L] → Transpose [2, 0, 1] → MatMul W [L, K, F] →
 * Transpose [1, 2, 0] → Reshape [0, F, oh, ow] → optional Add b [F, oh, ow]. Each link must be the only reader
 * of the one before, so nothing else sees the intermediate values.
 */
import { windowOf as geometryWindow } from '../layers/geometry.js';
import type { NodeProto } from './builder.js';
import { windowOf, type BuiltNode, type ImportContext } from './importContext.js';
import { patchKernels } from './locallyConnected.js';

const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const size2 = (v: [number, number]): number | [number, number] => (v[0] === v[1] ? v[0] : v);

/** Folds the pattern starting at `conv` into a locallyConnected2d node; returns null, or why it does not match. */
export function matchLocallyConnected(c: ImportContext, conv: NodeProto, x: BuiltNode): string | null {
  if (x.shape.length !== 3) return 'its input is not a feature map';
  const channels = x.shape[0];
  if (c.attrs(conv).group !== channels) return `group is not the ${channels} input channels`;
  if (!c.isConst(conv.input?.[1]) || conv.input?.[2]) return 'its kernels are not constant one-hot patches without bias';
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
  if (W.dims.length !== 3 || W.dims[0] !== l || W.dims[1] !== k) return `the MatMul weight is [${W.dims.join(', ')}], not [${l}, ${k}, filters]`;
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
  c.add(id, 'locallyConnected2d', { filters: f, kernelSize: size2([kh, kw]), stride: size2(stride), padding, useBias: !!weights.b, activation: 'linear' }, [x], last.output?.[0] ?? '', weights);
  return null;
}
