/**
 * The training memory estimate (src/engine/train/memory.ts) against what a real training step allocates: the
 * typed arrays a training forward keeps for the backward (outputs and caches, each buffer once) and the kernels'
 * scratch slots after forward and backward, for every example and a network holding every kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { setGemmBackend } from '../src/engine/kernels/gemm.js';
import { clearScratch, scratchBytes } from '../src/engine/kernels/scratch.js';
import { softmaxCrossEntropy } from '../src/engine/loss.js';
import { LAYERS } from '../src/engine/registry.js';
import { createRng } from '../src/engine/rng.js';
import { estimateMemory } from '../src/engine/train/memory.js';
import { Model } from '../src/engine/train/model.js';
import type { Tensor } from '../src/engine/types.js';
import { initWeights } from '../src/engine/weights.js';
import { graph, node } from './helpers.js';

const examplesDir = new URL('../resources/examples/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const r = loadDocument(readFileSync(new URL(f, examplesDir), 'utf8'));
    if (!r.ok) throw new Error(r.error);
    return [f, r.document] as const;
  });

/** Every kind, with the variants that change what a step holds: padding, stride, activations, rates. */
const everyKind = graph(
  [
    node('in', 'input', { channels: 2, height: 12, width: 12 }),
    node('lc0', 'locallyConnected2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
    node('c1', 'conv2d', { filters: 4, kernelSize: 3, stride: 2, padding: 1, activation: 'tanh' }),
    node('bn', 'batchNorm'),
    node('dw', 'depthwiseConv2d', { kernelSize: 3, padding: 'same', depthMultiplier: 2, activation: 'relu' }),
    node('lc', 'locallyConnected2d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
    node('mp', 'maxPool2d', { poolSize: 2 }),
    node('act', 'activation', { fn: 'relu' }),
    node('lin', 'activation', { fn: 'linear' }),
    node('a1', 'conv2d', { filters: 4, kernelSize: 1 }),
    node('a2', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'leakyRelu' }),
    node('sum', 'add'),
    node('cat', 'concat'),
    node('ap', 'avgPool2d', { poolSize: 1 }),
    node('gap', 'globalAvgPool2d'),
    node('drop', 'dropout', { rate: 0.25 }),
    node('keep', 'dropout', { rate: 0 }),
    node('d1', 'dense', { units: 6, activation: 'relu' }),
    node('flat', 'flatten'),
    node('out', 'dense', { units: 3, activation: 'softmax' }),
  ],
  [
    ['in', 'lc0'],
    ['lc0', 'c1'],
    ['c1', 'bn'],
    ['bn', 'dw'],
    ['dw', 'lc'],
    ['lc', 'mp'],
    ['mp', 'act'],
    ['act', 'lin'],
    ['lin', 'a1'],
    ['lin', 'a2'],
    ['a1', 'sum'],
    ['a2', 'sum'],
    ['sum', 'cat'],
    ['lin', 'cat'],
    ['cat', 'ap'],
    ['ap', 'gap'],
    ['gap', 'drop'],
    ['drop', 'keep'],
    ['keep', 'd1'],
    ['d1', 'flat'],
    ['flat', 'out'],
  ],
);

/** Bytes of the distinct buffers under `root` (typed arrays anywhere in its objects and arrays). */
function bufferBytes(root: unknown): number {
  const seen = new Set<ArrayBufferLike>();
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      seen.add(v.buffer);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  visit(root);
  return [...seen].reduce((s, b) => s + b.byteLength, 0);
}

/** One training step's kept buffers (after the forward) and scratch (after the backward), measured. */
function measureStep(doc: GraphDocument, batch: number) {
  const analysis = analyze(doc);
  const model = new Model(doc, analysis, initWeights(analysis, 1));
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const rng = createRng(2);
  const x = Float32Array.from({ length: batch * inputSize }, () => rng.next());
  const labels = Int32Array.from({ length: batch }, (_, i) => i % model.classes);
  clearScratch();
  const logits = model.forward(x, batch, true);
  // What the backward will read: the step's outputs and caches (private to the model; read here to weigh them).
  const held = model as unknown as { outputs: Tensor[]; caches: unknown[] };
  const kept = bufferBytes([x, held.outputs, held.caches]);
  model.backward(softmaxCrossEntropy(logits, labels).dLogits);
  const estimate = estimateMemory(analysis, { batchSize: batch, optimizerStatePerParam: 0, doc });
  return { kept, scratch: scratchBytes(), estimate };
}

describe('the memory estimate against a training step', () => {
  // The scalar core keeps conv's padded images in scratch slots; the SIMD core keeps the same bytes in its own memory.
  setGemmBackend('js');
  afterAll(() => setGemmBackend('auto'));

  it('covers every kind', () => {
    const kinds = new Set(everyKind.nodes.map((n) => n.kind));
    expect(LAYERS.map((d) => d.kind).filter((k) => !kinds.has(k))).toEqual([]);
  });

  for (const [name, doc] of [...examples, ['every kind', everyKind] as const]) {
    for (const batch of [1, 24]) {
      it(`${name}, batch ${batch}: kept buffers and every scratch slot as the step allocates them`, () => {
        const { kept, scratch, estimate } = measureStep(doc, batch);
        // Kept: the same bytes, but for batch norm's per-channel float64 1/σ (a few bytes per channel).
        expect(Math.abs(estimate.kept - kept), `estimated ${estimate.kept}, measured ${kept}`).toBeLessThanOrEqual(
          8 * 64,
        );
        // Scratch: each slot the kernels used, at least as large as estimated (a slot grows by half when it grows).
        for (const [slot, bytes] of Object.entries(scratch)) {
          expect(estimate.scratch[slot], `slot ${slot}`).toBeDefined();
          expect(bytes, `slot ${slot}`).toBeGreaterThanOrEqual(estimate.scratch[slot]);
          expect(bytes, `slot ${slot}`).toBeLessThanOrEqual(1.5 * estimate.scratch[slot]);
        }
        for (const [slot, bytes] of Object.entries(estimate.scratch))
          if (bytes > 0) expect(scratch[slot], slot).toBeDefined();
      });
    }
  }
});
