/** Every kind and variant the ONNX tests cover: small graphs, each ending in the layer under test. */
import type { GraphDocument } from '../src/engine/document.js';
import type { Params } from '../src/engine/types.js';
import { chain, graph, node } from './helpers.js';
import { example } from './onnx-util.js';

const img = (c: number, h: number, w = h) => node('in', 'input', { channels: c, height: h, width: w });

/** One layer of `kind` after an input, then (for feature maps) nothing else: the layer is the output. */
const single = (input: ReturnType<typeof img>, kind: string, params: Params) => chain(input, node('x', kind, params));

export const CASES: [string, GraphDocument][] = [];
const add = (name: string, doc: GraphDocument) => CASES.push([name, doc]);

for (const act of ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax']) {
  add(`conv2d 3×3 valid ${act}`, single(img(2, 7), 'conv2d', { filters: 3, kernelSize: 3, activation: act }));
}
add(
  'conv2d same, stride 2, even input (asymmetric SAME_UPPER pads)',
  single(img(2, 8), 'conv2d', { filters: 4, kernelSize: 3, stride: 2, padding: 'same' }),
);
add(
  'conv2d same, 4×4 kernel (odd total padding)',
  single(img(1, 7), 'conv2d', { filters: 2, kernelSize: 4, padding: 'same' }),
);
add(
  'conv2d pad 2, rectangular kernel and stride, no bias',
  single(img(3, 9, 7), 'conv2d', { filters: 3, kernelSize: [3, 2], stride: [2, 1], padding: 2, useBias: false }),
);
for (const [label, p] of [
  ['valid', { filters: 3, kernelSize: 3 }],
  ['same stride 2', { filters: 2, kernelSize: 3, stride: 2, padding: 'same', activation: 'relu' }],
  ['pad 1, rectangular, no bias', { filters: 2, kernelSize: [2, 3], padding: 1, useBias: false, activation: 'tanh' }],
  ['stride [2,1] softmax', { filters: 3, kernelSize: 2, stride: [2, 1], activation: 'softmax' }],
] as [string, Params][]) {
  add(`locallyConnected2d ${label}`, single(img(2, 6, 5), 'locallyConnected2d', p));
}
for (const [label, p] of [
  ['3×3 valid', { kernelSize: 3 }],
  [
    'same stride 2, multiplier 2, relu',
    { kernelSize: 3, stride: 2, padding: 'same', depthMultiplier: 2, activation: 'relu' },
  ],
  ['pad 1, rectangular, no bias, tanh', { kernelSize: [2, 3], padding: 1, useBias: false, activation: 'tanh' }],
] as [string, Params][]) {
  add(`depthwiseConv2d ${label}`, single(img(3, 7, 6), 'depthwiseConv2d', p));
}
for (const kind of ['maxPool2d', 'avgPool2d']) {
  add(`${kind} 2×2`, single(img(2, 6), kind, { poolSize: 2 }));
  add(
    `${kind} 2×2 same on an odd size (window past the end)`,
    single(img(2, 7), kind, { poolSize: 2, padding: 'same' }),
  );
  add(`${kind} 3×3 stride 2 valid`, single(img(2, 9), kind, { poolSize: 3, stride: 2 }));
  add(
    `${kind} 3×3 stride 2 same (asymmetric pads)`,
    single(img(2, 8), kind, { poolSize: 3, stride: 2, padding: 'same' }),
  );
  add(`${kind} 3×3 pad 1 stride 1`, single(img(1, 5, 6), kind, { poolSize: 3, stride: 1, padding: 1 }));
  add(`${kind} rectangular [2,3]`, single(img(1, 6, 9), kind, { poolSize: [2, 3] }));
}
add('globalAvgPool2d', single(img(3, 5, 4), 'globalAvgPool2d', {}));
add('flatten', single(img(2, 3, 4), 'flatten', {}));
for (const act of ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax']) {
  add(`dense ${act}`, chain(img(1, 4, 5), node('f', 'flatten'), node('x', 'dense', { units: 6, activation: act })));
}
add('dense without bias', chain(img(2, 3), node('f', 'flatten'), node('x', 'dense', { units: 4, useBias: false })));
for (const fn of ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax']) {
  add(
    `activation ${fn} on a feature map`,
    chain(img(3, 4), node('c', 'conv2d', { filters: 3, kernelSize: 1 }), node('x', 'activation', { fn })),
  );
  add(
    `activation ${fn} on a vector`,
    chain(img(1, 4), node('f', 'flatten'), node('d', 'dense', { units: 5 }), node('x', 'activation', { fn })),
  );
}
add(
  'batchNorm on a feature map',
  chain(img(3, 5), node('c', 'conv2d', { filters: 4, kernelSize: 3 }), node('x', 'batchNorm', { epsilon: 1e-3 })),
);
add(
  'batchNorm on a vector',
  chain(img(1, 4), node('f', 'flatten'), node('d', 'dense', { units: 6 }), node('x', 'batchNorm', {})),
);
add(
  'dropout in the middle',
  chain(
    img(1, 6),
    node('c', 'conv2d', { filters: 2, kernelSize: 3, activation: 'relu' }),
    node('d', 'dropout', { rate: 0.5 }),
    node('x', 'maxPool2d', {}),
  ),
);
add(
  'dropout as the output',
  chain(img(1, 6), node('c', 'conv2d', { filters: 2, kernelSize: 3 }), node('x', 'dropout', { rate: 0.3 })),
);
add(
  'add of two branches',
  graph(
    [
      img(2, 6),
      node('a', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same' }),
      node('b', 'conv2d', { filters: 3, kernelSize: 1 }),
      node('x', 'add'),
    ],
    [
      ['in', 'a'],
      ['in', 'b'],
      ['a', 'x'],
      ['b', 'x'],
    ],
  ),
);
add(
  'add of three branches (Sum)',
  graph(
    [
      img(2, 5),
      node('a', 'conv2d', { filters: 2, kernelSize: 1 }),
      node('b', 'conv2d', { filters: 2, kernelSize: 3, padding: 1 }),
      node('c', 'conv2d', { filters: 2, kernelSize: 3, padding: 'same' }),
      node('x', 'add'),
    ],
    [
      ['in', 'a'],
      ['in', 'b'],
      ['in', 'c'],
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'x'],
    ],
  ),
);
add(
  'concat of feature maps',
  graph(
    [
      img(2, 6),
      node('a', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same' }),
      node('b', 'maxPool2d', { poolSize: 3, stride: 1, padding: 'same' }),
      node('x', 'concat'),
    ],
    [
      ['in', 'a'],
      ['in', 'b'],
      ['a', 'x'],
      ['b', 'x'],
    ],
  ),
);
add(
  'concat of vectors',
  graph(
    [
      img(1, 4),
      node('f', 'flatten'),
      node('a', 'dense', { units: 3 }),
      node('b', 'dense', { units: 5, activation: 'relu' }),
      node('x', 'concat'),
    ],
    [
      ['in', 'f'],
      ['f', 'a'],
      ['f', 'b'],
      ['a', 'x'],
      ['b', 'x'],
    ],
  ),
);
for (const name of ['lenet5', 'conv-stack', 'lc-stack', 'mlp', 'residual']) add(`example ${name}`, example(name));
