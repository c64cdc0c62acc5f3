/**
 * Import of models Convas did not write (built here with the builder, the way PyTorch and Keras exporters lay
 * them out), and the refusals: every unsupported operator named with its nodes, padding without a Convas
 * equivalent, and never a half-imported graph.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
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
  type Attrs,
  type NodeProto,
  type TensorProto,
} from '../src/engine/onnx/builder.js';
import { importOnnx } from '../src/engine/onnx/import.js';
import { createRng } from '../src/engine/rng.js';
import { weightsFromRecord } from '../src/engine/weights.js';
import { engineOutput, maxAbsDiff, runOrt } from './onnx-util.js';

const rng = createRng(3);
const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.3);

function model(
  nodes: NodeProto[],
  inits: TensorProto[],
  input: number[],
  output: (number | string)[],
  opset = 17,
): Uint8Array {
  return encodeModel(
    makeModel(
      makeGraph(
        nodes,
        'third party',
        [makeTensorValueInfo('x', DataType.FLOAT, ['N', ...input])],
        [makeTensorValueInfo('y', DataType.FLOAT, output)],
        inits,
      ),
      { opset, producerName: 'pytorch' },
    ),
  );
}

/** Imports, then checks the engine on the imported document against onnxruntime on the original bytes. */
async function importsAndMatches(bytes: Uint8Array, input: number[]) {
  const { document } = importOnnx(bytes);
  const a = analyze(document);
  expect(a.errors).toEqual([]);
  const { weights, reinitialised } = weightsFromRecord(a, document.weights, 0);
  expect(reinitialised).toEqual([]);
  const n = 2;
  const x = Float32Array.from({ length: n * input.reduce((p, q) => p * q, 1) }, () => rng.next());
  const theirs = await runOrt(bytes, x, [n, ...input]);
  const ours = engineOutput(document, weights, x, n);
  expect(maxAbsDiff(theirs.data, ours.data)).toBeLessThanOrEqual(1e-4);
  return document;
}

const conv = (name: string, x: string, y: string, w: string, b: string | null, attrs: Attrs) =>
  makeNode('Conv', b ? [x, w, b] : [x, w], [y], name, attrs);

describe('third-party models', () => {
  it(
    'a MobileNet-style depthwise separable block: ' +
      'grouped Conv (group = channels, multiplier 2) + Relu, then a 1×1 Conv',
    async () => {
      const nodes = [
        conv('/dw/Conv', 'x', 'd', 'dw.weight', 'dw.bias', {
          kernel_shape: [3, 3],
          pads: [1, 1, 1, 1],
          strides: [2, 2],
          group: 3,
        }),
        makeNode('Relu', ['d'], ['r'], '/dw/Relu'),
        conv('/pw/Conv', 'r', 'y', 'pw.weight', null, { kernel_shape: [1, 1] }),
      ];
      const inits = [
        floatTensor('dw.weight', [6, 1, 3, 3], rand(54)),
        floatTensor('dw.bias', [6], rand(6)),
        floatTensor('pw.weight', [4, 6, 1, 1], rand(24)),
      ];
      const doc = await importsAndMatches(model(nodes, inits, [3, 7, 6], ['N', 4, 4, 3]), [3, 7, 6]);
      const dw = doc.nodes.find((n) => n.kind === 'depthwiseConv2d')!;
      expect(dw.params).toMatchObject({
        kernelSize: 3,
        stride: 2,
        padding: 1,
        depthMultiplier: 2,
        useBias: true,
        activation: 'relu',
      });
      expect(doc.nodes.map((n) => n.kind)).toEqual(['input', 'depthwiseConv2d', 'conv2d']);
    },
  );

  it('a PyTorch-style LeNet: Gemm transB=1, Relu folded, Flatten, MaxPool, LogSoftmax-free Softmax', async () => {
    const nodes = [
      conv('/conv1/Conv', 'x', 'c1', 'conv1.weight', 'conv1.bias', {
        kernel_shape: [3, 3],
        pads: [1, 1, 1, 1],
        strides: [1, 1],
      }),
      makeNode('Relu', ['c1'], ['r1'], '/relu1/Relu'),
      makeNode('MaxPool', ['r1'], ['p1'], '/pool/MaxPool', { kernel_shape: [2, 2], strides: [2, 2] }),
      makeNode('Flatten', ['p1'], ['f'], '/Flatten', { axis: 1 }),
      makeNode('Gemm', ['f', 'fc.weight', 'fc.bias'], ['g'], '/fc/Gemm', {
        alpha: float(1),
        beta: float(1),
        transB: 1,
      }),
      makeNode('Softmax', ['g'], ['y'], '/Softmax', { axis: 1 }),
    ];
    const inits = [
      floatTensor('conv1.weight', [4, 1, 3, 3], rand(36)),
      floatTensor('conv1.bias', [4], rand(4)),
      floatTensor('fc.weight', [5, 4 * 4 * 4], rand(5 * 64)),
      floatTensor('fc.bias', [5], rand(5)),
    ];
    const doc = await importsAndMatches(model(nodes, inits, [1, 8, 8], ['N', 5]), [1, 8, 8]);
    expect(doc.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['input', 'input'],
      ['/conv1/Conv', 'conv2d'],
      ['/pool/MaxPool', 'maxPool2d'],
      ['/Flatten', 'flatten'],
      ['/fc/Gemm', 'dense'],
    ]);
    expect(doc.nodes[1].params).toMatchObject({ padding: 'same', activation: 'relu', filters: 4, kernelSize: 3 });
    expect(doc.nodes[4].params.activation).toBe('softmax');
  });

  it(
    'MatMul + Add as dense, Gemm alpha/beta folded, ' +
      'Conv + per-channel Add as bias, GAP + Reshape as globalAvgPool2d',
    async () => {
      const nodes = [
        conv('conv', 'x', 'c', 'w', null, { kernel_shape: [3, 3], auto_pad: 'SAME_UPPER', strides: [2, 2] }),
        makeNode('Add', ['c', 'cb'], ['cbias'], 'conv_bias'),
        makeNode('LeakyRelu', ['cbias'], ['l'], 'lrelu', { alpha: float(0.01) }),
        makeNode('GlobalAveragePool', ['l'], ['gap'], 'gap'),
        makeNode('Reshape', ['gap', 'flat_shape'], ['flat'], 'reshape'),
        makeNode('MatMul', ['flat', 'mw'], ['mm'], 'mm'),
        makeNode('Add', ['mm', 'mb'], ['mmb'], 'mm_bias'),
        makeNode('Tanh', ['mmb'], ['t'], 'tanh'),
        makeNode('Gemm', ['t', 'gw', 'gb'], ['y'], 'head', { alpha: float(0.5), beta: float(2) }),
      ];
      const inits = [
        floatTensor('w', [6, 2, 3, 3], rand(108)),
        floatTensor('cb', [1, 6, 1, 1], rand(6)),
        int64Tensor('flat_shape', [2], [0, -1]),
        floatTensor('mw', [6, 7], rand(42)),
        floatTensor('mb', [7], rand(7)),
        floatTensor('gw', [7, 3], rand(21)),
        floatTensor('gb', [3], rand(3)),
      ];
      const doc = await importsAndMatches(model(nodes, inits, [2, 7, 6], ['N', 3]), [2, 7, 6]);
      expect(doc.nodes.map((n) => n.kind)).toEqual(['input', 'conv2d', 'globalAvgPool2d', 'dense', 'dense']);
      expect(doc.nodes[1].params).toMatchObject({ useBias: true, activation: 'leakyRelu', padding: 'same', stride: 2 });
      expect(doc.nodes[3].params).toMatchObject({ useBias: true, activation: 'tanh' });
    },
  );

  it(
    'GlobalAveragePool feeding a Conv becomes an average pool over the whole map; ' + 'BN, Dropout, Concat, Sum',
    async () => {
      const nodes = [
        makeNode('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['bn'], 'bn', { epsilon: float(1e-3) }),
        makeNode('GlobalAveragePool', ['bn'], ['gap'], 'gap'),
        conv('squeeze', 'gap', 'sq', 'w1', 'b1', { kernel_shape: [1, 1] }),
        makeNode('Sigmoid', ['sq'], ['sg'], 'sig'),
        makeNode('Dropout', ['sg', 'ratio'], ['dr'], 'drop'),
        makeNode('Concat', ['dr', 'gap'], ['cat'], 'cat', { axis: 1 }),
        makeNode('Sum', ['cat', 'cat', 'cat'], ['y'], 'sum'),
      ];
      const inits = [
        floatTensor('s', [3], rand(3)),
        floatTensor('b', [3], rand(3)),
        floatTensor('m', [3], rand(3)),
        floatTensor('v', [3], [0.5, 1, 1.5]),
        floatTensor('w1', [2, 3, 1, 1], rand(6)),
        floatTensor('b1', [2], rand(2)),
        floatTensor('ratio', [], [0.25]),
      ];
      const doc = await importsAndMatches(model(nodes, inits, [3, 5, 4], ['N', 5, 1, 1]), [3, 5, 4]);
      expect(doc.nodes.map((n) => n.kind)).toEqual([
        'input',
        'batchNorm',
        'avgPool2d',
        'conv2d',
        'dropout',
        'concat',
        'add',
      ]);
      expect(doc.nodes.find((n) => n.id === 'gap')!.params.poolSize).toEqual([5, 4]);
      expect(doc.nodes.find((n) => n.id === 'drop')!.params.rate).toBeCloseTo(0.25);
    },
  );

  it(
    "PyTorch's x.view(x.size(0), -1): " + 'Shape → Gather → Unsqueeze → Concat → Reshape folds into a flatten',
    async () => {
      const nodes = [
        conv('/conv/Conv', 'x', 'c', 'w', 'b', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        makeNode('Relu', ['c'], ['r'], '/Relu'),
        makeNode('GlobalAveragePool', ['r'], ['g'], '/gap'),
        makeNode('Shape', ['g'], ['s'], '/Shape'),
        makeNode('Gather', ['s', 'zero'], ['n'], '/Gather', { axis: 0 }),
        makeNode('Unsqueeze', ['n', 'axes'], ['n1'], '/Unsqueeze'),
        makeNode('Concat', ['n1', 'minus1'], ['shape'], '/Concat', { axis: 0 }),
        makeNode('Reshape', ['g', 'shape'], ['flat'], '/Reshape'),
        makeNode('Gemm', ['flat', 'fw'], ['y'], '/fc/Gemm', { transB: 1 }),
      ];
      const inits = [
        floatTensor('w', [4, 2, 3, 3], rand(72)),
        floatTensor('b', [4], rand(4)),
        int64Tensor('zero', [], [0]),
        int64Tensor('axes', [1], [0]),
        int64Tensor('minus1', [1], [-1]),
        floatTensor('fw', [3, 4], rand(12)),
      ];
      const doc = await importsAndMatches(model(nodes, inits, [2, 5, 5], ['N', 3]), [2, 5, 5]);
      expect(doc.nodes.map((n) => n.kind)).toEqual(['input', 'conv2d', 'globalAvgPool2d', 'dense']);
      expect(doc.nodes[1].params.activation).toBe('relu');
      // Gathering a dimension other than the batch is not a flatten.
      const wrong = model(
        nodes.map((n) => (n.name === '/Gather' ? makeNode('Gather', ['s', 'one'], ['n'], '/Gather', { axis: 0 }) : n)),
        [...inits, int64Tensor('one', [], [1])],
        [2, 5, 5],
        ['N', 3],
      );
      expect(() => importOnnx(wrong)).toThrow(/Reshape node "\/Reshape": a reshape to \[4, -1\]/);
    },
  );

  it('pads: symmetric → an integer, SAME_UPPER (explicit or auto_pad) → "same"', () => {
    const padOf = (attrs: Attrs, k = 3, s = 1, size = 6) => {
      const nodes = [conv('c', 'x', 'y', 'w', null, { kernel_shape: [k, k], strides: [s, s], ...attrs })];
      const bytes = model(
        nodes,
        [floatTensor('w', [1, 1, k, k], rand(k * k))],
        [1, size, size],
        ['N', 1, null as unknown as number, null as unknown as number],
      );
      return importOnnx(bytes).document.nodes[1].params.padding;
    };
    expect(padOf({ pads: [2, 2, 2, 2] })).toBe(2);
    expect(padOf({ pads: [1, 1, 1, 1] })).toBe('same');
    expect(padOf({ pads: [0, 0, 0, 0] })).toBe('valid');
    expect(padOf({ auto_pad: 'SAME_UPPER' }, 4, 1)).toBe('same');
    expect(padOf({ pads: [1, 1, 2, 2] }, 4, 1)).toBe('same'); // SAME_UPPER: the odd pixel at the end
    expect(padOf({ pads: [0, 0, 1, 1] }, 3, 2)).toBe('same'); // 6 → 3 with stride 2
    expect(() => padOf({ pads: [2, 2, 1, 1] }, 4, 1)).toThrow(
      /padding \[top 2, left 2, bottom 1, right 1\] has no Convas equivalent/,
    );
    expect(() => padOf({ auto_pad: 'SAME_LOWER' }, 4, 1)).toThrow(/SAME_LOWER/);
    expect(padOf({ auto_pad: 'SAME_LOWER' }, 3, 1)).toBe('same'); // even total: lower = upper
  });
});

describe('refusals', () => {
  it('lists every unsupported operator with its node names, and returns nothing', () => {
    const nodes = [
      // Tile: an operator with no Convas layer (Pad now has one: importPad.ts).
      makeNode('Tile', ['x', 'p'], ['padded'], 'tile_1'),
      makeNode('Mul', ['padded', 'k'], ['m'], 'scale'),
      makeNode('Resize', ['m', '', 'sc'], ['r'], 'up'),
      makeNode('Resize', ['r', '', 'sc'], ['y'], 'up2'),
    ];
    const bytes = model(
      nodes,
      [int64Tensor('p', [4], [1, 1, 2, 2]), floatTensor('k', [1], [2]), floatTensor('sc', [4], [1, 1, 2, 2])],
      [1, 4, 4],
      ['N', 1, 24, 24],
    );
    expect(() => importOnnx(bytes)).toThrow(
      'this model uses operators that have no Convas layer: Tile ("tile_1"); Mul ("scale"); Resize ("up", "up2")',
    );
  });

  it('names the node when an attribute has no Convas equivalent', () => {
    const leaky = model(
      [makeNode('LeakyRelu', ['x'], ['y'], 'lr', { alpha: float(0.2) })],
      [],
      [1, 2, 2],
      ['N', 1, 2, 2],
    );
    expect(() => importOnnx(leaky)).toThrow(/LeakyRelu node "lr": alpha 0.2/);
    const dil = model(
      [conv('dc', 'x', 'y', 'w', null, { kernel_shape: [3, 3], dilations: [2, 2] })],
      [floatTensor('w', [1, 1, 3, 3], rand(9))],
      [1, 8, 8],
      ['N', 1, 4, 4],
    );
    expect(() => importOnnx(dil)).toThrow(/Conv node "dc": dilations \[2, 2\]/);
    // Group 2 over 4 channels: neither a full convolution (group 1) nor a depthwise one (group = channels).
    const grouped = model(
      [conv('g', 'x', 'y', 'w', null, { kernel_shape: [1, 1], group: 2 })],
      [floatTensor('w', [2, 2, 1, 1], rand(4))],
      [4, 3, 3],
      ['N', 2, 3, 3],
    );
    expect(() => importOnnx(grouped)).toThrow(
      /Conv node "g": no Convas layer reads it \(.*a grouped convolution \(group 2\)/,
    );
    const soft = model([makeNode('Softmax', ['x'], ['y'], 'sm', { axis: 1 })], [], [3, 2, 2], ['N', 3, 2, 2], 11);
    expect(() => importOnnx(soft)).toThrow(/Softmax node "sm": softmax over axis 1 of a rank-4 tensor \(opset 11\)/);
    const ceil = model(
      [makeNode('MaxPool', ['x'], ['y'], 'mp', { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 })],
      [],
      [1, 5, 5],
      ['N', 1, 3, 3],
    );
    expect(() => importOnnx(ceil)).toThrow(/MaxPool node "mp": ceil_mode 1/);
  });

  it('refuses inputs Convas cannot take and bytes that are not ONNX', () => {
    const flat = encodeModel(
      makeModel(
        makeGraph(
          [makeNode('Relu', ['x'], ['y'], 'r')],
          'g',
          [makeTensorValueInfo('x', DataType.FLOAT, ['N', 10])],
          [makeTensorValueInfo('y', DataType.FLOAT, ['N', 10])],
        ),
      ),
    );
    expect(() => importOnnx(flat)).toThrow(/input "x" has shape \[N, 10\]; Convas needs images/);
    expect(() => importOnnx(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/not an ONNX model/);
  });
});
