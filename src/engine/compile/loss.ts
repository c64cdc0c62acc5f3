/**
 * The loss in the compiled graph: the engine's softmax cross-entropy (loss.ts), mean over the batch, on the
 * output layer's logits — before its softmax when it has one (train/model.ts switches that softmax off) — with
 * LogSoftmax + OneHot + ReduceSum rather than SoftmaxCrossEntropyLoss, which has no CUDA kernel outside training
 * builds. Its gradient is (softmax − onehot)/N, N read from the labels' shape (the batch is symbolic).
 */
import type { GraphDocument } from '../document.js';
import { DataType } from '../onnx/builder.js';
import type { Emitter } from './emit.js';
import { activationOf } from '../layers/specs.js';
import type { Forward } from './kinds.js';

/** The logits the loss reads: before the output layer's softmax when it has one. */
export function logitsOf(doc: GraphDocument, outId: string, f: Forward): { logits: string; throughSoftmax: boolean } {
  const node = doc.nodes.find((n) => n.id === outId)!;
  const softmax = node.kind === 'activation' ? node.params.fn === 'softmax' : activationOf(node.params) === 'softmax';
  return softmax && f.pre ? { logits: f.pre, throughSoftmax: true } : { logits: f.output, throughSoftmax: false };
}

/** Mean cross-entropy, correct count and (training) the gradient of the logits, (softmax − onehot)/N. */
export function emitLoss(e: Emitter, logits: string, classes: number, withGrad: boolean): string | null {
  const lsm = e.op('LogSoftmax', [logits], 'loss/logsoftmax', { axis: 1 });
  const onehot = e.op(
    'OneHot',
    ['labels', e.ints([classes], []), e.floats('loss/offon', [2], new Float32Array([0, 1]))],
    'loss/onehot',
    { axis: -1 },
  );
  const picked = e.reduceSum(e.mul(lsm, onehot, 'loss/picked_all'), [1], 'loss/picked');
  e.opInto('Neg', [e.reduceMean(picked, [0], 'loss/meanpicked')], 'loss');
  const predicted = e.op('ArgMax', [logits], 'loss/argmax', { axis: 1, keepdims: 0 });
  const hits = e.cast(e.op('Equal', [predicted, 'labels'], 'loss/hit'), DataType.FLOAT, 'loss/hitf');
  e.opInto('ReduceSum', [hits, e.ints([0])], 'correct', { keepdims: 0 });
  if (!withGrad) return null;
  const n = e.cast(e.op('Shape', ['labels'], 'loss/nshape'), DataType.FLOAT, 'loss/n');
  const diff = e.sub(e.op('Exp', [lsm], 'loss/softmax'), onehot, 'loss/diff');
  return e.div(diff, n, 'loss/dlogits');
}
