/**
 * PyTorch's own exporter into Convas: models written as PyTorch users write them, saved with torch.onnx.export
 * (opsets 11, 13 and 17), import, and Convas' forward equals PyTorch's output; a residual net's round trip
 * (import, Convas' export, onnxruntime) too. Every kind's generated model.py, exported by train.py's --onnx path,
 * imports back and computes what the engine computes — except the two PyTorch spells out in ONNX arithmetic
 * that has no Convas layer, which are refused with the operators named.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { exportOnnxBytes } from '../src/engine/onnx/export.js';
import { importOnnx } from '../src/engine/onnx/import.js';
import { runGraph } from '../src/engine/onnx/runGraph.js';
import { weightsFromRecord, weightsToRecord } from '../src/engine/weights.js';
import { CASES } from './onnx-cases.js';
import { maxAbsDiff, randomInput, randomWeights, runOrt } from './onnx-util.js';
import { noTorch, python, readF32, writeProject } from './pytorch-util.js';

const dir = mkdtempSync(join(tmpdir(), 'convas-pytorch-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const here = new URL('.', import.meta.url).pathname;

/** The imported document's own forward on x. */
function convasForward(bytes: Uint8Array, x: Float32Array, n: number) {
  const { document } = importOnnx(bytes);
  const a = analyze(document);
  return { document, y: runGraph(document, weightsFromRecord(a, document.weights, 1).weights, x, n) };
}

describe.skipIf(noTorch)('models saved with torch.onnx.export', () => {
  python([join(here, 'pytorch/export_models.py'), dir, '11', '13', '17'], dir, 300_000);
  const models = ['lenet-view', 'resnet-bn', 'branches', 'view-batch1', 'padded'];
  const cases = models.flatMap((m) => [11, 13, 17].map((opset) => [m, opset] as const));

  it.each(cases)('%s, opset %i, imports and computes what PyTorch computes', (model, opset) => {
    const meta = JSON.parse(readFileSync(join(dir, `${model}.json`), 'utf8')) as { input: number[] };
    const x = readF32(join(dir, `${model}.input.f32`));
    const { y } = convasForward(readFileSync(join(dir, `${model}-opset${opset}.onnx`)), x, meta.input[0]);
    const diff = maxAbsDiff(y.data, readF32(join(dir, `${model}.output.f32`)));
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('a residual net round-trips: import, Convas export, onnxruntime equals PyTorch', async () => {
    const x = readF32(join(dir, 'resnet-bn.input.f32'));
    const { document } = importOnnx(readFileSync(join(dir, 'resnet-bn-opset17.onnx')));
    const out = await runOrt(exportOnnxBytes(document), x, [2, 1, 28, 28]);
    const diff = maxAbsDiff(out.data, readF32(join(dir, 'resnet-bn.output.f32')));
    console.log(`residual round trip: max |onnxruntime(Convas export) − PyTorch| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-6);
  });
});

/**
 * The kinds PyTorch's exporter spells out in operators that have no Convas layer (F.unfold + einsum; an average
 * over uneven padding as a sum divided by a count): refused, naming those operators.
 */
function refusal(name: string): RegExp | null {
  if (name.startsWith('locallyConnected2d') || name === 'example lc-stack')
    return /operators that have no Convas layer: .*(Einsum|Range)/;
  if (name.startsWith('avgPool2d') && name.includes('same')) return /operators that have no Convas layer: .*Div/;
  return null;
}

describe.skipIf(noTorch)('every kind, from model.py through torch.onnx.export', () => {
  const projects = CASES.map(([name, doc], i) => {
    const weights = randomWeights(doc, 7);
    const folder = join(dir, `kind-${i}`);
    writeProject({ ...doc, weights: weightsToRecord(weights) }, folder);
    return { name, doc, weights, folder };
  });
  python([join(here, 'pytorch/export_projects.py'), ...projects.map((p) => p.folder)], dir, 300_000);

  it.each(projects.map((p) => [p.name, p] as const))('%s', (name, p) => {
    const bytes = readFileSync(join(p.folder, 'model.onnx'));
    const refused = refusal(name);
    if (refused) {
      expect(() => importOnnx(bytes)).toThrow(refused);
      return;
    }
    const { x } = randomInput(p.doc, 3, 11);
    const { y } = convasForward(bytes, x, 3);
    const want = runGraph(p.doc, p.weights, x, 3);
    expect(y.shape).toEqual(want.shape);
    expect(maxAbsDiff(y.data, want.data)).toBeLessThanOrEqual(1e-4);
  });
});
