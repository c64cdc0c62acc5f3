/**
 * The importer against the ONNX backend node conformance cases (onnx v1.22.0 data in tests/fixtures/onnx-node-tests):
 * each one-operator model over an image [N, C, H, W] has its extra inputs turned into initializers, is imported,
 * and the engine's forward of the imported graph must give the expected output (ONNX backend tolerance:
 * 1e-7 + 1e-3·|expected|). Cases whose attributes have no Convas equivalent must be refused, with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import {
  decodeModel,
  encodeModel,
  onnx,
  tensorDims,
  tensorToFloat32,
  valueInfoShape,
} from '../src/engine/onnx/builder.js';
import { importOnnx } from '../src/engine/onnx/import.js';
import { runGraph } from '../src/engine/onnx/runGraph.js';
import { weightsFromRecord } from '../src/engine/weights.js';

const ROOT = new URL('./fixtures/onnx-node-tests/', import.meta.url);
const OPS =
  /^test_(basic_conv|conv_|maxpool_2d|averagepool_2d|globalaveragepool|batchnorm|relu|sigmoid|tanh|softmax|flatten)/;

/** Refusals the importer must give, by case, with a fragment of the reason. */
const REFUSED: Record<string, RegExp> = {
  test_averagepool_2d_ceil: /ceil_mode 1/,
  test_averagepool_2d_ceil_last_window_starts_on_pad: /ceil_mode 1/,
  test_averagepool_2d_dilations: /ceil_mode 1/, // it has dilations too
  test_averagepool_2d_pads_count_include_pad: /count_include_pad 1/,
  test_averagepool_2d_precomputed_pads_count_include_pad: /count_include_pad 1/,
  test_averagepool_2d_same_lower: /SAME_LOWER/,
  test_maxpool_2d_ceil: /ceil_mode 1/,
  test_maxpool_2d_ceil_output_size_reduce_by_one: /ceil_mode 1/,
  test_maxpool_2d_dilations: /dilations/,
  test_maxpool_2d_same_lower: /SAME_LOWER/,
  test_maxpool_2d_uint8: /float32 pixels/,
  test_conv_with_strides_and_asymmetric_padding: /has no Convas equivalent/,
  test_batchnorm_epsilon_training_mode: /training_mode 1/,
  test_batchnorm_example_training_mode: /training_mode 1/,
  test_flatten_axis0: /axis 0/,
  test_flatten_axis2: /axis 2/,
  test_flatten_axis3: /axis 3/,
  test_flatten_negative_axis1: /axis -1/,
  test_flatten_negative_axis2: /axis -2/,
  test_flatten_negative_axis4: /axis -4/,
  test_softmax_axis_0: /axis 0/,
  test_softmax_axis_2: /axis 2/,
  test_softmax_default_axis: /axis -1/,
  test_softmax_negative_axis: /axis -1/,
};

interface Case {
  name: string;
  bytes: Uint8Array;
  x: Float32Array;
  dims: number[];
  expected: Float32Array;
}

/**
 * The case's model with every input after the first made an initializer from its test data; null if not an image
 * model.
 */
function loadCase(name: string): Case | null {
  const dir = new URL(`${name}/`, ROOT);
  const model = decodeModel(readFileSync(new URL('model.onnx', dir)));
  const g = model.graph!;
  const data = (kind: 'input' | 'output', i: number) =>
    onnx.TensorProto.decode(readFileSync(new URL(`test_data_set_0/${kind}_${i}.pb`, dir)));
  if ((g.output ?? []).length !== 1) return null;
  const first = data('input', 0);
  if (tensorDims(first).length !== 4) return null;
  const inits = (g.input ?? []).slice(1).map((v, i) => ({ ...data('input', i + 1), name: v.name }));
  g.initializer = [...(g.initializer ?? []), ...inits];
  g.input = (g.input ?? []).slice(0, 1);
  const shape = valueInfoShape(g.input[0]);
  if (!shape || shape.some((d) => typeof d !== 'number')) return null;
  const dims = tensorDims(first);
  const isFloat = first.dataType === 1;
  return {
    name,
    bytes: encodeModel(model),
    x: isFloat ? tensorToFloat32(first) : new Float32Array(0),
    dims,
    expected: isFloat ? tensorToFloat32(data('output', 0)) : new Float32Array(0),
  };
}

const names = readdirSync(ROOT)
  .filter((n) => OPS.test(n))
  .sort();
const cases = names.map(loadCase).filter((c): c is Case => c !== null);

describe('ONNX conformance cases through import', () => {
  const imported: string[] = [];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    if (REFUSED[name]) {
      expect(() => importOnnx(c.bytes)).toThrow(REFUSED[name]);
      return;
    }
    const { document } = importOnnx(c.bytes);
    const a = analyze(document);
    const { weights } = weightsFromRecord(a, document.weights, 0);
    const y = runGraph(document, weights, c.x, c.dims[0], a);
    expect(y.data.length).toBe(c.expected.length);
    for (let i = 0; i < y.data.length; i++)
      expect(Math.abs(y.data[i] - c.expected[i])).toBeLessThanOrEqual(1e-7 + 1e-3 * Math.abs(c.expected[i]));
    imported.push(name);
  });
  it('imports most image cases and refuses only the listed ones', () => {
    expect(imported.length).toBeGreaterThanOrEqual(20);
    for (const name of Object.keys(REFUSED)) expect(names).toContain(name);
  });
});
