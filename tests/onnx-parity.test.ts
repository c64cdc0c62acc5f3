/**
 * Parity: the exported model run by onnxruntime (CPU) against the engine's own forward, every kind and variant,
 * random weights (biases and running statistics included). Max |difference| ≤ 1e-4.
 */
import { describe, expect, it } from 'vitest';
import { exportOnnxBytes } from '../src/engine/onnx/export.js';
import { CASES } from './onnx-cases.js';
import { engineOutput, maxAbsDiff, randomInput, randomWeights, runOrt } from './onnx-util.js';

const TOLERANCE = 1e-4;
describe('onnxruntime CPU matches the engine', () => {
  let worst = 0;
  it.each(CASES)('%s', async (_name, doc) => {
    const weights = randomWeights(doc, 7);
    const n = 3;
    const { x, dims } = randomInput(doc, n, 11);
    const bytes = exportOnnxBytes(doc, { weights });
    const ours = engineOutput(doc, weights, x, n);
    const theirs = await runOrt(bytes, x, dims);
    expect(theirs.dims).toEqual(ours.shape);
    const diff = maxAbsDiff(theirs.data, ours.data);
    worst = Math.max(worst, diff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });
  it('reports the worst difference', () => {
    console.log(`onnx parity: max |onnxruntime − engine| over ${CASES.length} graphs = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });
});
