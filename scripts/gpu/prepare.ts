/**
 * Step 1 of scripts/gpu-check.sh: exports the models the GPU check compares, each with random weights (biases,
 * β and running statistics included, so every tensor matters), a batch of random images, and two reference
 * outputs computed here: the Convas engine's forward and onnxruntime on CPU.
 *
 *   tsx scripts/gpu/prepare.ts OUTDIR [name=path.json …]
 *
 * OUTDIR/<name>/: model.onnx, document.json (with the same weights), input.bin, engine.bin, ort_cpu.bin
 * (little-endian float32), meta.json ({ inputDims, outputDims }).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze.ts';
import { loadDocument, serializeDocument } from '../../src/engine/document.ts';
import { exportOnnxBytes } from '../../src/engine/onnx/export.ts';
import { runGraph } from '../../src/engine/onnx/runGraph.ts';
import { createRng } from '../../src/engine/rng.ts';
import { initWeights, weightsToRecord } from '../../src/engine/weights.ts';
import { runModel } from '../../src/main/onnx/runner.ts';

const [outDir, ...rest] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write('usage: tsx scripts/gpu/prepare.ts OUTDIR [name=doc.json …]\n');
  process.exit(2);
}
const examples = new URL('../../resources/examples/', import.meta.url).pathname;
const lcTwin = existsSync(join(examples, 'lenet5-lc.json')) ? 'lenet5-lc' : 'lc-stack';
const models = rest.length
  ? rest.map((a) => a.split('=') as [string, string])
  : (['lenet5', lcTwin, 'residual'].map((n) => [n, join(examples, `${n}.json`)]) as [string, string][]);

const BATCH = 8;
for (const [name, path] of models) {
  const loaded = loadDocument(readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(`${path}: ${loaded.error}`);
  const doc = loaded.document;
  const a = analyze(doc);
  const weights = initWeights(a, 17);
  const rng = createRng(23);
  for (const tensors of Object.values(weights)) {
    for (const [t, values] of Object.entries(tensors)) {
      if (t === 'runningVar') for (let i = 0; i < values.length; i++) values[i] = 0.5 + rng.next();
      else if (t !== 'W') for (let i = 0; i < values.length; i++) values[i] = 0.3 * rng.normal();
    }
  }
  doc.weights = weightsToRecord(weights);
  const inputShape = a.nodes[a.inputId!].outputShape!;
  const x = Float32Array.from({ length: BATCH * inputShape.reduce((p, q) => p * q, 1) }, () => rng.next());
  const bytes = exportOnnxBytes(doc, { weights });
  const engine = runGraph(doc, weights, x, BATCH, a);
  const ort = await runModel(bytes, { data: x, dims: [BATCH, ...inputShape] }, { provider: 'cpu' });

  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const f32 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  writeFileSync(join(dir, 'model.onnx'), bytes);
  writeFileSync(join(dir, 'document.json'), serializeDocument(doc));
  writeFileSync(join(dir, 'input.bin'), f32(x));
  writeFileSync(join(dir, 'engine.bin'), f32(engine.data));
  writeFileSync(join(dir, 'ort_cpu.bin'), f32(ort.output.data));
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({ inputDims: [BATCH, ...inputShape], outputDims: engine.shape }),
  );
  let diff = 0;
  for (let i = 0; i < engine.data.length; i++) diff = Math.max(diff, Math.abs(engine.data[i] - ort.output.data[i]));
  process.stdout.write(
    `${name}: exported ${bytes.length} bytes; engine vs onnxruntime CPU max |diff| ${diff.toExponential(2)}\n`,
  );
}
