/**
 * Training with the generated project's train.py, against the engine:
 * - parity: from the same weights, two full-batch steps (the second one uses the momentum and Adam's moments)
 *   of SGD with momentum and L2 weight decay, and of Adam with decoupled weight decay, give the engine's weights
 *   and running statistics within 1e-4. No dropout: its masks come from each framework's own generator.
 * - distributed: `--nproc 2` (gloo on the CPU) agrees across ranks and equals one process with the whole batch.
 * - round trip: a short MNIST run writes a document whose `convas eval` accuracy is the one train.py printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import type { GraphDocument, OptimizerName } from '../src/engine/document.js';
import { createOptimizer } from '../src/engine/train/optimizers.js';
import { Model } from '../src/engine/train/model.js';
import { weightsFromRecord, type WeightMap } from '../src/engine/weights.js';
import { graph, node } from './helpers.js';
import { example, maxAbsDiff } from './onnx-util.js';
import { mnistDigits, noTorch, python, PYTHON, writeIdxFolder, writeProject } from './pytorch-util.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convas-pytorch-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every trainable kind but dropout on one 28×28 input: strided "same" conv, batch norm on maps and vectors,
 * depthwise and locally-connected branches joined by concat, an uneven "same" average pool, a residual add,
 * max pool, global average pool, flatten and dense with several activations. */
const everyKind = graph(
  [
    node('in', 'input', { channels: 1, height: 28, width: 28 }),
    node('c1', 'conv2d', { filters: 4, kernelSize: 3, stride: 2, padding: 'same', activation: 'relu' }),
    node('b1', 'batchNorm', { momentum: 0.8 }),
    node('dw', 'depthwiseConv2d', { kernelSize: 3, padding: 'same', activation: 'leakyRelu' }),
    node('lc', 'locallyConnected2d', { filters: 2, kernelSize: 3, padding: 'same', activation: 'tanh' }),
    node('cat', 'concat'),
    node('ap', 'avgPool2d', { poolSize: 3, stride: 2, padding: 'same' }),
    node('c3', 'conv2d', { filters: 6, kernelSize: 1, activation: 'sigmoid' }),
    node('sum', 'add'),
    node('mp', 'maxPool2d', { poolSize: 2, padding: 'same' }),
    node('gap', 'globalAvgPool2d'),
    node('fl', 'flatten'),
    node('d1', 'dense', { units: 10, activation: 'tanh' }),
    node('v', 'concat'),
    node('b2', 'batchNorm', { epsilon: 1e-3 }),
    node('out', 'dense', { units: 10, activation: 'softmax' }),
  ],
  [
    ['in', 'c1'],
    ['c1', 'b1'],
    ['b1', 'dw'],
    ['b1', 'lc'],
    ['dw', 'cat'],
    ['lc', 'cat'],
    ['cat', 'ap'],
    ['ap', 'c3'],
    ['ap', 'sum'],
    ['c3', 'sum'],
    ['sum', 'mp'],
    ['mp', 'gap'],
    ['mp', 'fl'],
    ['fl', 'd1'],
    ['gap', 'v'],
    ['d1', 'v'],
    ['v', 'b2'],
    ['b2', 'out'],
  ],
);

function readWeights(path: string): { doc: GraphDocument; weights: WeightMap } {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as GraphDocument;
  return { doc, weights: weightsFromRecord(analyze(doc), doc.weights, 1).weights };
}

function maxWeightDiff(a: WeightMap, b: WeightMap): { diff: number; where: string } {
  let worst = { diff: 0, where: '' };
  for (const [id, tensors] of Object.entries(a)) {
    for (const [name, t] of Object.entries(tensors)) {
      const d = maxAbsDiff(t, b[id][name]);
      if (d >= worst.diff) worst = { diff: d, where: `${id}.${name}` };
    }
  }
  return worst;
}

describe.skipIf(noTorch)('train.py', () => {
  const digits = mnistDigits(32, 8);
  const data = join(dir, 'digits');
  writeIdxFolder(data, digits);
  const x = Float32Array.from(digits.train.images, (b) => b / 255);
  const y = Int32Array.from(digits.train.labels);

  const parity: [string, GraphDocument, OptimizerName, string[]][] = [
    [
      'every kind, SGD with momentum and weight decay',
      everyKind,
      'sgd',
      ['--lr', '0.05', '--momentum', '0.9', '--weight-decay', '0.001'],
    ],
    ['every kind, Adam with weight decay', everyKind, 'adam', ['--lr', '0.001', '--weight-decay', '0.01']],
    ['LeNet-5, Adam with weight decay', example('lenet5'), 'adam', ['--lr', '0.001', '--weight-decay', '0.05']],
  ];
  it.each(parity)('%s: two steps equal the engine within 1e-4', (name, doc, optimizer, flags) => {
    const project = join(dir, name.replace(/\W+/g, '-'));
    writeProject(doc, project);
    python(
      [
        'train.py',
        '--data',
        data,
        '--epochs',
        '2',
        '--batch-size',
        '32',
        '--val-split',
        '0',
        '--optimizer',
        optimizer,
        ...flags,
        '--checkpoints',
        '',
        '--out',
        'trained.json',
      ],
      project,
    );
    const start = readWeights(join(project, 'network.json'));
    const a = analyze(start.doc);
    const model = new Model(start.doc, a, start.weights);
    const opt = createOptimizer(
      {
        name: optimizer,
        lr: Number(flags[1]),
        momentum: optimizer === 'sgd' ? Number(flags[3]) : undefined,
        weightDecay: Number(flags[flags.length - 1]),
      },
      model.slots,
    );
    for (let step = 0; step < 2; step++) {
      model.zeroGrads();
      model.lossAndGrads(x, y, 32);
      opt.step();
    }
    const trained = readWeights(join(project, 'trained.json'));
    const { diff, where } = maxWeightDiff(model.weights, trained.weights);
    const moved = maxWeightDiff(readWeights(join(project, 'network.json')).weights, trained.weights);
    console.log(
      `${name}: max |PyTorch − engine| ${diff.toExponential(2)} at ${where}; ` +
        `the largest change was ${moved.diff.toExponential(2)}`,
    );
    expect(moved.diff).toBeGreaterThan(1e-3); // the steps did change the weights
    expect(diff).toBeLessThanOrEqual(1e-4);
  });

  it("--nproc 2 (gloo): ranks agree, equal one process on the whole batch, as does torchrun's env", async () => {
    const project = join(dir, 'ddp');
    writeProject(example('lenet5'), project);
    const common = [
      'train.py',
      '--data',
      data,
      '--epochs',
      '1',
      '--val-split',
      '0',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--momentum',
      '0.9',
      '--checkpoints',
      '',
      '--device',
      'cpu',
      '--json',
    ];
    const two = python(
      [...common, '--nproc', '2', '--batch-size', '8', '--out', 'two.json'],
      project,
      240_000,
    ).lines.map((l) => JSON.parse(l));
    const one = python([...common, '--batch-size', '16', '--out', 'one.json'], project).lines.map((l) => JSON.parse(l));
    expect(two[0]).toMatchObject({ start: true, processes: 2, batchPerProcess: 8, effectiveBatch: 16, lr: 0.05 });
    expect(one[0]).toMatchObject({ start: true, processes: 1, batchPerProcess: 16, effectiveBatch: 16, lr: 0.05 });
    expect(two.find((o) => 'replicas' in o)).toEqual({ replicas: 2, maxDifference: 0 });
    const { diff, where } = maxWeightDiff(
      readWeights(join(project, 'two.json')).weights,
      readWeights(join(project, 'one.json')).weights,
    );
    console.log(`--nproc 2 against one process: max |difference| ${diff.toExponential(2)} at ${where}`);
    expect(diff).toBeLessThanOrEqual(1e-5);
    expect(
      maxWeightDiff(readWeights(join(project, 'network.json')).weights, readWeights(join(project, 'one.json')).weights)
        .diff,
    ).toBeGreaterThan(1e-3);

    // The path torchrun takes: processes started by a launcher, each told RANK, WORLD_SIZE, LOCAL_RANK and the
    // rendezvous in its environment (env://). Debian's torchrun itself fails at start-up, so two plain processes
    // stand in for it here; everything after the environment is the code torchrun would run.
    const port = String(29_500 + Math.floor(Math.random() * 1000));
    const ranks = [0, 1].map((rank) =>
      spawn(PYTHON, [...common, '--batch-size', '8', '--out', 'env.json'], {
        cwd: project,
        env: {
          ...process.env,
          OMP_NUM_THREADS: '1',
          RANK: String(rank),
          LOCAL_RANK: String(rank),
          WORLD_SIZE: '2',
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: port,
        },
      }),
    );
    const codes = await Promise.all(ranks.map((p) => new Promise<number | null>((resolve) => p.on('close', resolve))));
    expect(codes).toEqual([0, 0]);
    expect(
      maxWeightDiff(readWeights(join(project, 'env.json')).weights, readWeights(join(project, 'two.json')).weights)
        .diff,
    ).toBe(0);
  });

  it('a short MNIST run writes a document whose convas eval accuracy is the one it printed', () => {
    const mnist = join(dir, 'mnist');
    writeIdxFolder(mnist, mnistDigits(2000, 500));
    const project = join(dir, 'roundtrip');
    writeProject(example('lenet5'), project);
    const lines = python(
      ['train.py', '--data', mnist, '--epochs', '1', '--checkpoints', '', '--json', '--out', 'trained.json'],
      project,
    ).lines.map((l) => JSON.parse(l));
    const done = lines.find((o) => o.done);
    expect(done.testCount).toBe(500);
    expect(done.testAccuracy).toBeGreaterThan(0.5);
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin/convas.mjs'), 'eval', join(project, 'trained.json'), '--json'],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    const ours = JSON.parse(r.stdout);
    console.log(`round trip: train.py printed ${done.testAccuracy}, convas eval says ${ours.accuracy}`);
    expect(ours.count).toBe(500);
    expect(ours.accuracy).toBe(done.testAccuracy);
    expect(ours.loss).toBeCloseTo(done.testLoss, 4);
  });
});
