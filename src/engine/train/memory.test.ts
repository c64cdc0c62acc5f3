import { describe, expect, it } from 'vitest';
import { chain, node } from '../../../tests/helpers.js';
import { analyze } from '../analyze.js';
import { estimateMemory, GiB, memoryRefusal, MiB } from './memory.js';

describe('estimateMemory', () => {
  const lenet = chain(
    node('in', 'input', { channels: 1, height: 28, width: 28 }),
    node('c1', 'conv2d', { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
    node('p1', 'maxPool2d', { poolSize: 2 }),
    node('c2', 'conv2d', { filters: 16, kernelSize: 5, activation: 'relu' }),
    node('p2', 'maxPool2d', { poolSize: 2 }),
    node('f', 'flatten'),
    node('f1', 'dense', { units: 120, activation: 'relu' }),
    node('out', 'dense', { units: 10, activation: 'softmax' }),
  );

  it('counts weights, gradients, optimizer state and activations × batch', () => {
    const a = analyze(lenet);
    const e = estimateMemory(a, { batchSize: 64, optimizerStatePerParam: 2 });
    expect(e.weights).toBe(4 * a.totalParams);
    expect(e.grads).toBe(4 * a.totalParams);
    expect(e.optimizer).toBe(8 * a.totalParams);
    // c1's output 6×28×28 kept for backward plus its gradient, per sample.
    expect(e.layers.find((l) => l.id === 'c1')!.bytes).toBeGreaterThan(4 * 6 * 28 * 28 * 64 * 2);
    expect(e.total).toBeLessThan(400 * MiB);
    expect(memoryRefusal(e, 4 * GiB)).toBeNull();
    // Twice the batch, more memory; two threads keep two gradient copies.
    expect(estimateMemory(a, { batchSize: 128, optimizerStatePerParam: 2 }).activations).toBe(2 * e.activations);
    expect(estimateMemory(a, { batchSize: 64, optimizerStatePerParam: 2, threads: 2 }).grads).toBe(2 * e.grads);
  });

  it('refuses a locally-connected layer on a large image, naming it and the estimate', () => {
    const big = chain(
      node('in', 'input', { channels: 3, height: 256, width: 256 }),
      node('lc', 'locallyConnected2d', { filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
      node('g', 'globalAvgPool2d'),
      node('out', 'dense', { units: 10 }),
    );
    const e = estimateMemory(analyze(big), { batchSize: 32, optimizerStatePerParam: 2 });
    expect(e.largest!.id).toBe('lc');
    const message = memoryRefusal(e, 4 * GiB)!;
    expect(message).not.toBeNull();
    expect(message).toMatch(
      new RegExp(
        /^training needs about \d+\.\d GB of memory, more than the 4\.0 GB allowed; /.source +
          /the largest part is locallyConnected2d "lc" with \d+\.\d GB /.source +
          /\(318,767,104 parameters plus its activations\) /.source +
          /— a locally-connected layer has its own weights at every position/.source,
      ),
    );
  });
});
