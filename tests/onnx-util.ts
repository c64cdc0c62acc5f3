/** Shared by the ONNX tests: random weights and inputs, onnxruntime CPU runs, the engine's reference forward. */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { runGraph } from '../src/engine/onnx/runGraph.js';
import { createRng } from '../src/engine/rng.js';
import { initWeights, type WeightMap } from '../src/engine/weights.js';

export function example(name: string): GraphDocument {
  const r = loadDocument(readFileSync(new URL(`../resources/examples/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

/**
 * Weights with every tensor random, so biases, β and running statistics are exercised too (running variance
 * stays positive, in [0.5, 1.5]).
 */
export function randomWeights(doc: GraphDocument, seed: number): WeightMap {
  const a = analyze(doc);
  if (a.errors.length) throw new Error(a.errors.map((e) => e.message).join('; '));
  const w = initWeights(a, seed);
  const rng = createRng(seed + 1000);
  for (const tensors of Object.values(w)) {
    for (const [name, t] of Object.entries(tensors)) {
      if (name === 'runningVar') for (let i = 0; i < t.length; i++) t[i] = 0.5 + rng.next();
      else if (name !== 'W') for (let i = 0; i < t.length; i++) t[i] = rng.normal() * 0.5;
    }
  }
  return w;
}

export function randomInput(doc: GraphDocument, n: number, seed: number): { x: Float32Array; dims: number[] } {
  const a = analyze(doc);
  const shape = a.nodes[a.inputId!].outputShape!;
  const rng = createRng(seed);
  const x = new Float32Array(n * shape.reduce((p, q) => p * q, 1));
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  return { x, dims: [n, ...shape] };
}

export async function runOrt(
  bytes: Uint8Array,
  x: Float32Array,
  dims: number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, dims) });
    const y = out[session.outputNames[0]];
    return { data: y.data as Float32Array, dims: [...y.dims] };
  } finally {
    await session.release();
  }
}

export function engineOutput(doc: GraphDocument, weights: WeightMap, x: Float32Array, n: number) {
  return runGraph(doc, weights, x, n);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}
