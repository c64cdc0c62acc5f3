/**
 * Pad in imported models (src/engine/onnx/importPad.ts), on small hand-built graphs: a Pad that pads nothing is
 * dropped; zeros before a Conv, and −∞ (or zeros after a relu) before a MaxPool, fold into the layer's padding
 * and compute what onnxruntime computes; everything else is refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  makeGraph,
  makeModel,
  makeNode,
  makeTensorValueInfo,
  type NodeProto,
  type TensorProto,
} from '../src/engine/onnx/builder.js';
import { importOnnx } from '../src/engine/onnx/import.js';
import { runGraph } from '../src/engine/onnx/runGraph.js';
import { createRng } from '../src/engine/rng.js';
import { weightsFromRecord } from '../src/engine/weights.js';
import { maxAbsDiff, runOrt } from './onnx-util.js';

const rng = createRng(5);
const random = (n: number, scale = 1) => Float32Array.from({ length: n }, () => rng.normal() * scale);

/** input [batch, 2, 6, 6] → nodes → output, with a 3×3 conv's weights among the initializers. */
function model(nodes: NodeProto[], extra: TensorProto[], outShape: (number | string)[]): Uint8Array {
  const inits = [floatTensor('W', [3, 2, 3, 3], random(54)), floatTensor('b', [3], random(3)), ...extra];
  const graph = makeGraph(
    nodes,
    'pad',
    [makeTensorValueInfo('input', DataType.FLOAT, ['batch', 2, 6, 6])],
    [makeTensorValueInfo('output', DataType.FLOAT, outShape)],
    inits,
  );
  return encodeModel(makeModel(graph));
}

const pads = (v: number[]) => int64Tensor('pads', [8], v);

async function matchesOnnxruntime(bytes: Uint8Array) {
  const { document } = importOnnx(bytes);
  const x = Float32Array.from({ length: 2 * 72 }, () => rng.next() - 0.5);
  const ours = runGraph(document, weightsFromRecord(analyze(document), document.weights, 1).weights, x, 2);
  const theirs = await runOrt(bytes, x, [2, 2, 6, 6]);
  expect(maxAbsDiff(ours.data, theirs.data)).toBeLessThanOrEqual(1e-5);
  return document;
}

describe('Pad on import', () => {
  it('drops a Pad that pads nothing (nn.AvgPool2d(2) as PyTorch exports it)', async () => {
    const doc = await matchesOnnxruntime(
      model(
        [
          makeNode('Pad', ['input', 'pads'], ['p'], 'pool/Pad', { mode: 'constant' }),
          makeNode('AveragePool', ['p'], ['output'], 'pool', { kernel_shape: [2, 2], strides: [2, 2] }),
        ],
        [pads([0, 0, 0, 0, 0, 0, 0, 0])],
        ['batch', 2, 3, 3],
      ),
    );
    expect(doc.nodes.map((n) => n.kind)).toEqual(['input', 'avgPool2d']);
  });

  it('folds zeros in front of a Conv into its padding ("same" when it is SAME_UPPER)', async () => {
    const doc = await matchesOnnxruntime(
      model(
        [
          makeNode('Pad', ['input', 'pads'], ['p'], 'pad', { mode: 'constant' }),
          makeNode('Conv', ['p', 'W', 'b'], ['output'], 'conv', { kernel_shape: [3, 3], strides: [2, 2] }),
        ],
        [pads([0, 0, 0, 0, 0, 0, 1, 1])],
        ['batch', 3, 3, 3],
      ),
    );
    expect(doc.nodes[1]).toMatchObject({ kind: 'conv2d', params: { padding: 'same', stride: 2 } });
  });

  it('folds −∞ in front of a MaxPool, and zeros after a relu, into its padding', async () => {
    const minusInf = floatTensor('fill', [], [-Infinity]);
    const doc = await matchesOnnxruntime(
      model(
        [
          makeNode('Pad', ['input', 'pads', 'fill'], ['p'], 'pad', { mode: 'constant' }),
          makeNode('MaxPool', ['p'], ['output'], 'pool', { kernel_shape: [3, 3], strides: [1, 1] }),
        ],
        [pads([0, 0, 1, 1, 0, 0, 1, 1]), minusInf],
        ['batch', 2, 6, 6],
      ),
    );
    // 1 pixel around a 3×3 window with stride 1 is "same"
    expect(doc.nodes[1]).toMatchObject({ kind: 'maxPool2d', params: { padding: 'same' } });
    await matchesOnnxruntime(
      model(
        [
          makeNode('Relu', ['input'], ['r'], 'relu'),
          makeNode('Pad', ['r', 'pads'], ['p'], 'pad', { mode: 'constant' }),
          makeNode('MaxPool', ['p'], ['output'], 'pool', { kernel_shape: [3, 3], strides: [1, 1] }),
        ],
        [pads([0, 0, 1, 1, 0, 0, 1, 1])],
        ['batch', 2, 6, 6],
      ),
    );
  });

  it('refuses what would change the numbers, saying why', () => {
    const zerosBeforeMax = model(
      [
        makeNode('Pad', ['input', 'pads'], ['p'], 'pad', { mode: 'constant' }),
        makeNode('MaxPool', ['p'], ['output'], 'pool', { kernel_shape: [3, 3], strides: [1, 1] }),
      ],
      [pads([0, 0, 1, 1, 0, 0, 1, 1])],
      ['batch', 2, 6, 6],
    );
    expect(() => importOnnx(zerosBeforeMax)).toThrow(
      'Pad node "pad": a padding by 0 [top 1, left 1, bottom 1, right 1] cannot become part of a Convas layer: ' +
        "a MaxPool's padding never wins in Convas, but 0 would win where a window's values are all below it",
    );
    const beforeAverage = model(
      [
        makeNode('Pad', ['input', 'pads'], ['p'], 'pad', { mode: 'constant' }),
        makeNode('AveragePool', ['p'], ['output'], 'pool', { kernel_shape: [2, 2], strides: [2, 2] }),
      ],
      [pads([0, 0, 0, 0, 0, 0, 2, 2])],
      ['batch', 2, 4, 4],
    );
    expect(() => importOnnx(beforeAverage)).toThrow(
      'an AveragePool would count the padded values, and a Convas average pool never counts padding',
    );
    const reflect = model(
      [
        makeNode('Pad', ['input', 'pads'], ['p'], 'pad', { mode: 'reflect' }),
        makeNode('Conv', ['p', 'W', 'b'], ['output'], 'conv', { kernel_shape: [3, 3] }),
      ],
      [pads([0, 0, 1, 1, 0, 0, 1, 1])],
      ['batch', 3, 6, 6],
    );
    expect(() => importOnnx(reflect)).toThrow('Pad node "pad": "reflect" padding has no Convas layer');
    const channels = model(
      [
        makeNode('Pad', ['input', 'pads'], ['p'], 'pad', { mode: 'constant' }),
        makeNode('Conv', ['p', 'W', 'b'], ['output'], 'conv', { kernel_shape: [3, 3] }),
      ],
      [pads([0, 1, 0, 0, 0, 0, 0, 0])],
      ['batch', 3, 4, 4],
    );
    expect(() => importOnnx(channels)).toThrow('pads the batch or channel axis');
  });
});
