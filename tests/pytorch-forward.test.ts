/**
 * Forward parity: the generated model.py, on the document's weights (read from network.json through
 * convas_io, as train.py reads them), against the engine's own forward — every kind and variant of the ONNX
 * cases with random weights (biases, β and running statistics too) and every example in resources/examples on
 * real images. Logits (forward) and probabilities within 1e-4. One Python process runs every project.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { makeShapes } from '../src/engine/datasets/shapes.js';
import type { GraphDocument } from '../src/engine/document.js';
import { Model } from '../src/engine/train/model.js';
import { weightsFromRecord, weightsToRecord } from '../src/engine/weights.js';
import { loadDataset } from '../src/main/datasets/index.js';
import { CASES } from './onnx-cases.js';
import { example, maxAbsDiff, randomInput, randomWeights } from './onnx-util.js';
import { noTorch, python, readF32, writeProject } from './pytorch-util.js';

const TOLERANCE = 1e-4;
const dir = mkdtempSync(join(tmpdir(), 'convas-pytorch-forward-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  name: string;
  doc: GraphDocument;
  folder: string;
  x: Float32Array;
  n: number;
}

/** Real images for an example's input: mnist digits for 1×28×28, shapes otherwise. */
async function realInputs(doc: GraphDocument, n: number): Promise<Float32Array> {
  const a = analyze(doc);
  const [c, h, w] = a.nodes[a.inputId!].outputShape!;
  const d =
    c === 1 && h === 28 && w === 28
      ? await loadDataset({ dataset: 'mnist' })
      : makeShapes({ channels: c as 1 | 3, height: h, width: w, trainCount: 1, testCount: n });
  const x = d.test.x.subarray(0, n * c * h * w);
  // Datasets hold bytes (0–255) or floats in [0, 1]; the network takes floats.
  return x instanceof Float32Array ? x.slice() : Float32Array.from(x, (b) => b / 255);
}

const examples = readdirSync(new URL('../resources/examples', import.meta.url)).map((f) => f.replace(/\.json$/, ''));

describe.skipIf(noTorch)('the PyTorch module computes what the engine computes', async () => {
  const runs: Run[] = [];
  const add = (name: string, doc: GraphDocument, x: Float32Array, n: number, seed: number) => {
    const folder = join(dir, String(runs.length));
    writeProject({ ...doc, weights: weightsToRecord(randomWeights(doc, seed)) }, folder);
    const a = analyze(doc);
    writeFileSync(join(folder, 'input.json'), JSON.stringify({ shape: [n, ...a.nodes[a.inputId!].outputShape!] }));
    writeFileSync(join(folder, 'input.f32'), x);
    runs.push({ name, doc: { ...doc }, folder, x, n });
  };
  for (const [name, doc] of CASES) if (!name.startsWith('example ')) add(name, doc, randomInput(doc, 3, 11).x, 3, 7);
  for (const name of examples) add(`example ${name}`, example(name), await realInputs(example(name), 8), 8, 3);
  python(
    [join(new URL('.', import.meta.url).pathname, 'pytorch/forward.py'), ...runs.map((r) => r.folder)],
    dir,
    300_000,
  );

  let worst = 0;
  it.each(runs.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const doc = JSON.parse(readFileSync(join(r.folder, 'network.json'), 'utf8')) as GraphDocument;
    const a = analyze(doc);
    const model = new Model(doc, a, weightsFromRecord(a, doc.weights, 1).weights);
    const logits = model.forward(r.x, r.n, false);
    const theirs = readF32(join(r.folder, 'logits.f32'));
    const diff = maxAbsDiff(theirs, logits.data);
    const probs = readF32(join(r.folder, 'probabilities.f32'));
    const pDiff = maxAbsDiff(probs, model.predict(r.x, r.n));
    worst = Math.max(worst, diff, pDiff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    expect(pDiff).toBeLessThanOrEqual(TOLERANCE);
  });
  it('reports the worst difference', () => {
    console.log(
      `pytorch forward parity: max |PyTorch − engine| over ${runs.length} graphs = ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });
});
