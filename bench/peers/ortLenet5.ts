/**
 * Peer for bench/train-compiled.ts: LeNet-5's training step written by hand as one ONNX graph, the plain way
 * (STACK.md's recipes, nothing derived from a document): each parameter and its SGD-momentum velocity is its
 * own input and output, ConvTranspose gives the conv input gradient, a swapped-roles Conv the weight gradient,
 * and MaxPool's backward is the mask "input equals the upsampled max" with no tie-break (every tied input gets
 * the gradient). It is the yardstick the compiled graph must at least match.
 *
 * LeNet-5 as in resources/examples/lenet5.json: 1×28×28 → conv 6@5×5 same relu → maxpool 2 → conv 16@5×5 valid
 * relu → maxpool 2 → flatten 400 → dense 120 relu → dense 84 relu → dense 10 (softmax cross-entropy).
 */
import {
  DataType,
  encodeModel,
  float,
  floatTensor,
  int64Tensor,
  makeGraph,
  makeModel,
  makeNode,
  makeTensorValueInfo,
  type NodeProto,
} from '../../src/engine/onnx/builder.js';

export const PEER_PARAMS: [string, number[]][] = [
  ['c1W', [6, 1, 5, 5]],
  ['c1b', [6]],
  ['c2W', [16, 6, 5, 5]],
  ['c2b', [16]],
  ['f1W', [400, 120]],
  ['f1b', [120]],
  ['f2W', [120, 84]],
  ['f2b', [84]],
  ['f3W', [84, 10]],
  ['f3b', [10]],
];

export function peerLenet5Model(): Uint8Array {
  const n: NodeProto[] = [];
  const op = (type: string, ins: string[], out: string, attrs = {}) => {
    n.push(makeNode(type, ins, [out], out, attrs));
    return out;
  };
  const inits = [
    int64Tensor('ax023', [3], [0, 2, 3]),
    int64Tensor('ax0', [1], [0]),
    int64Tensor('shape_p2', [4], [-1, 16, 5, 5]),
    floatTensor('zero', [], [0]),
    floatTensor('mu', [], [0.9]),
    floatTensor('up2', [4], [1, 1, 2, 2]),
    int64Tensor('depth', [], [10]),
    floatTensor('offon', [2], [0, 1]),
    int64Tensor('ax1', [1], [1]),
  ];
  const up = (v: string, out: string) =>
    op('Resize', [v, '', 'up2'], out, {
      mode: 'nearest',
      coordinate_transformation_mode: 'asymmetric',
      nearest_mode: 'floor',
    });
  const pool = { kernel_shape: [2, 2], strides: [2, 2] };
  // forward
  const a1 = op('Relu', [op('Conv', ['x', 'c1W', 'c1b'], 'z1', { kernel_shape: [5, 5], pads: [2, 2, 2, 2] })], 'a1');
  const p1 = op('MaxPool', [a1], 'p1', pool);
  const a2 = op('Relu', [op('Conv', [p1, 'c2W', 'c2b'], 'z2', { kernel_shape: [5, 5] })], 'a2');
  const p2 = op('MaxPool', [a2], 'p2', pool);
  const fl = op('Flatten', [p2], 'fl', { axis: 1 });
  const a3 = op('Relu', [op('Gemm', [fl, 'f1W', 'f1b'], 'z3')], 'a3');
  const a4 = op('Relu', [op('Gemm', [a3, 'f2W', 'f2b'], 'z4')], 'a4');
  const z5 = op('Gemm', [a4, 'f3W', 'f3b'], 'z5');
  // loss = mean(−log softmax[label]); dz5 = (softmax − onehot)/N
  const lsm = op('LogSoftmax', [z5], 'lsm', { axis: 1 });
  const oh = op('OneHot', ['labels', 'depth', 'offon'], 'onehot', { axis: -1 });
  op(
    'Neg',
    [
      op('ReduceMean', [op('ReduceSum', [op('Mul', [lsm, oh], 'lp'), 'ax1'], 'lps', { keepdims: 0 })], 'lm', {
        keepdims: 0,
      }),
    ],
    'loss',
  );
  const nf = op('Cast', [op('Shape', ['labels'], 'nshape')], 'nf', { to: DataType.FLOAT });
  const dz5 = op('Div', [op('Sub', [op('Exp', [lsm], 'sm'), oh], 'smoh'), nf], 'dz5');
  // backward
  const grads: Record<string, string> = {};
  const dense = (name: string, xIn: string, dz: string, w: string, needDx: boolean) => {
    grads[`${name}W`] = op('Gemm', [xIn, dz], `g_${name}W`, { transA: 1 });
    grads[`${name}b`] = op('ReduceSum', [dz, 'ax0'], `g_${name}b`, { keepdims: 0 });
    return needDx ? op('Gemm', [dz, w], `d_${name}x`, { transB: 1 }) : '';
  };
  const reluBack = (y: string, dy: string, out: string) =>
    op('Where', [op('Greater', [y, 'zero'], `${out}_pos`), dy, 'zero'], out);
  const da4 = dense('f3', a4, dz5, 'f3W', true);
  const da3 = dense('f2', a3, reluBack(a4, da4, 'dz4'), 'f2W', true);
  const dfl = dense('f1', fl, reluBack(a3, da3, 'dz3'), 'f1W', true);
  const dp2 = op('Reshape', [dfl, 'shape_p2'], 'dp2');
  const poolBack = (xIn: string, y: string, dy: string, out: string) =>
    op('Where', [op('Equal', [xIn, up(y, `${out}_yup`)], `${out}_mask`), up(dy, `${out}_dyup`), 'zero'], out);
  const dz2 = reluBack(a2, poolBack(a2, p2, dp2, 'da2'), 'dz2');
  const convW = (xIn: string, dz: string, out: string) =>
    op(
      'Transpose',
      [
        op(
          'Conv',
          [
            op('Transpose', [xIn], `${out}_xT`, { perm: [1, 0, 2, 3] }),
            op('Transpose', [dz], `${out}_dzT`, { perm: [1, 0, 2, 3] }),
          ],
          `${out}_T`,
          { pads: out === 'g_c1W' ? [2, 2, 2, 2] : [0, 0, 0, 0] },
        ),
      ],
      out,
      { perm: [1, 0, 2, 3] },
    );
  grads.c2W = convW(p1, dz2, 'g_c2W');
  grads.c2b = op('ReduceSum', [dz2, 'ax023'], 'g_c2b', { keepdims: 0 });
  const dp1 = op('ConvTranspose', [dz2, 'c2W'], 'dp1', { kernel_shape: [5, 5] });
  const dz1 = reluBack(a1, poolBack(a1, p1, dp1, 'da1'), 'dz1');
  grads.c1W = convW('x', dz1, 'g_c1W');
  grads.c1b = op('ReduceSum', [dz1, 'ax023'], 'g_c1b', { keepdims: 0 });
  // SGD with momentum: v ← μv + g; w ← w − lr·v
  const inputs = [
    makeTensorValueInfo('x', DataType.FLOAT, ['N', 1, 28, 28]),
    makeTensorValueInfo('labels', DataType.INT64, ['N']),
    makeTensorValueInfo('lr', DataType.FLOAT, []),
  ];
  const outputs = [makeTensorValueInfo('loss', DataType.FLOAT, [])];
  for (const [name, shape] of PEER_PARAMS) {
    inputs.push(
      makeTensorValueInfo(name, DataType.FLOAT, shape),
      makeTensorValueInfo(`v_${name}`, DataType.FLOAT, shape),
    );
    const v = op('Add', [op('Mul', [`v_${name}`, 'mu'], `mv_${name}`), grads[name]], `v_${name}_next`);
    op('Sub', [name, op('Mul', [v, 'lr'], `s_${name}`)], `${name}_next`);
    outputs.push(
      makeTensorValueInfo(`${name}_next`, DataType.FLOAT, shape),
      makeTensorValueInfo(`v_${name}_next`, DataType.FLOAT, shape),
    );
  }
  void float;
  return encodeModel(makeModel(makeGraph(n, 'lenet5-peer', inputs, outputs, inits)));
}
