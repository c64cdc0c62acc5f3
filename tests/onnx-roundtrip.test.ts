/**
 * Export → re-read the bytes: structure (opset, IR, inputs/outputs, initializers used, values defined before
 * use, metadata). Export → import: the same summary and the same outputs, for every case of the parity suite.
 */
import { describe, expect, it } from 'vitest';
import { summaryJson } from '../src/cli/commands/summary.js';
import { analyze } from '../src/engine/analyze.js';
import type { GraphDocument } from '../src/engine/document.js';
import {
  DataType,
  decodeModel,
  floatTensor,
  makeGraph,
  makeNode,
  makeTensorValueInfo,
  metadataOf,
  opsetOf,
  tensorDims,
  toNumber,
  valueInfoShape,
} from '../src/engine/onnx/builder.js';
import { graphProblems } from '../src/engine/onnx/check.js';
import { exportOnnxBytes, META } from '../src/engine/onnx/export.js';
import { importOnnx } from '../src/engine/onnx/import.js';
import { weightsFromRecord } from '../src/engine/weights.js';
import { CONVAS_VERSION } from '../src/shared/version.js';
import { CASES } from './onnx-cases.js';
import { engineOutput, example, maxAbsDiff, randomInput, randomWeights, runOrt } from './onnx-util.js';

/** The summary without node order or the document name. */
function comparableSummary(doc: GraphDocument) {
  const s = summaryJson(doc, analyze(doc));
  const nodes = s.nodes.sort((a, b) => a.id.localeCompare(b.id));
  return { nodes, totalParams: s.totalParams, totalMacs: s.totalMacs, errors: s.errors };
}

describe('exported bytes, re-read', () => {
  it.each(CASES)('%s is structurally sound', (_name, doc) => {
    const bytes = exportOnnxBytes(doc, { weights: randomWeights(doc, 3) });
    const model = decodeModel(bytes);
    expect(toNumber(model.irVersion)).toBe(8);
    expect(opsetOf(model)).toBe(17);
    expect(model.opsetImport).toHaveLength(1);
    const g = model.graph!;
    expect(graphProblems(g)).toEqual([]);
    const a = analyze(doc);
    expect(g.input!.map((v) => [v.name, valueInfoShape(v)])).toEqual([
      ['input', ['batch', ...a.nodes[a.inputId!].outputShape!]],
    ]);
    expect(g.output!.map((v) => [v.name, valueInfoShape(v)])).toEqual([
      ['output', ['batch', ...a.nodes[a.outputIds[0]].outputShape!]],
    ]);
    // Every weight is a float32 initializer with raw data, shaped as its layer's TensorSpec says.
    for (const id of a.order) {
      for (const spec of a.nodes[id].tensors) {
        const t = g.initializer!.find((i) => i.name === `${id}.${spec.name}`);
        expect(t, `${id}.${spec.name}`).toBeDefined();
        expect(t!.dataType).toBe(1);
        expect(t!.rawData!.length).toBe(4 * spec.shape.reduce((p, q) => p * q, 1));
        expect(tensorDims(t!)).toEqual(spec.shape);
      }
    }
    // Node names are the document's ids, extra nodes suffixed.
    const ids = new Set(doc.nodes.map((n) => n.id));
    for (const n of g.node!) expect(ids.has(n.name!.split('/')[0])).toBe(true);
    const meta = metadataOf(model);
    expect(meta[META.version]).toBe(CONVAS_VERSION);
    expect(meta[META.name]).toBe(doc.name);
  });

  it('the structural check finds what a writer can get wrong', () => {
    const v = (name: string) => makeTensorValueInfo(name, DataType.FLOAT, null);
    const g = makeGraph(
      [
        makeNode('Relu', ['b'], ['a'], 'early'),
        makeNode('Relu', ['x'], ['b'], 'late'),
        makeNode('Relu', ['b'], ['a'], 'again'),
      ],
      'g',
      [v('x')],
      [v('y')],
      [floatTensor('unused', [1], [0])],
    );
    expect(graphProblems(g)).toEqual([
      'Relu node "early" reads "b", which nothing defined before it',
      'Relu node "again" writes "a", which is already defined',
      'graph output "y" is never produced',
      'initializer "unused" is never used',
    ]);
  });

  it('the same document exports to the same bytes', () => {
    const doc = example('residual');
    expect(Buffer.from(exportOnnxBytes(doc, { seed: 5 })).equals(Buffer.from(exportOnnxBytes(doc, { seed: 5 })))).toBe(
      true,
    );
  });

  it('class labels and the input id travel in metadata_props', () => {
    const doc = {
      ...example('lenet5'),
      classes: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
    };
    const meta = metadataOf(decodeModel(exportOnnxBytes(doc)));
    expect(JSON.parse(meta[META.classes])).toEqual(doc.classes);
    expect(meta[META.input]).toBe('in');
  });

  it('an untrained graph exports with initWeights(analysis, seed) weights', async () => {
    const doc = example('lenet5');
    const bytes = exportOnnxBytes(doc, { seed: 42 });
    const w = weightsFromRecord(analyze(doc), undefined, 42).weights;
    const { x, dims } = randomInput(doc, 2, 1);
    expect(maxAbsDiff((await runOrt(bytes, x, dims)).data, engineOutput(doc, w, x, 2).data)).toBeLessThanOrEqual(1e-5);
  });
});

describe('export → import', () => {
  it.each(CASES)('%s comes back with the same summary and outputs', async (_name, doc) => {
    const weights = randomWeights(doc, 5);
    const bytes = exportOnnxBytes(doc, { weights });
    const { document: back } = importOnnx(bytes);
    expect(comparableSummary(back)).toEqual(comparableSummary(doc));
    const wiring = (d: GraphDocument) =>
      Object.fromEntries(d.nodes.map((n) => [n.id, d.edges.filter((e) => e.target === n.id).map((e) => e.source)]));
    expect(wiring(back)).toEqual(wiring(doc));
    expect(back.nodes.map((n) => n.params)).toEqual(
      back.nodes
        .map((n) => doc.nodes.find((o) => o.id === n.id)!.params)
        .map((p, i) => ({ ...p, padding: back.nodes[i].params.padding })),
    );
    const n = 2;
    const { x, dims } = randomInput(doc, n, 9);
    const backWeights = weightsFromRecord(analyze(back), back.weights, 0);
    expect(backWeights.reinitialised).toEqual([]);
    const original = engineOutput(doc, weights, x, n);
    expect(maxAbsDiff(engineOutput(back, backWeights.weights, x, n).data, original.data)).toBe(0);
    // And the re-exported model still runs the same in onnxruntime.
    const again = await runOrt(exportOnnxBytes(back), x, dims);
    expect(maxAbsDiff(again.data, original.data)).toBeLessThanOrEqual(1e-4);
  });

  it('keeps ids, name, classes and params of a Convas model', () => {
    const doc = { ...example('lenet5'), classes: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] };
    const { document: back } = importOnnx(exportOnnxBytes(doc));
    expect(back.name).toBe(doc.name);
    expect(back.classes).toEqual(doc.classes);
    expect(back.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    const c1 = back.nodes.find((n) => n.id === 'c1')!;
    expect(c1.params).toMatchObject({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu', useBias: true });
    expect(back.nodes.find((n) => n.id === 'out')!.params.activation).toBe('softmax');
    expect(back.edges.map((e) => `${e.source}>${e.target}`)).toEqual(doc.edges.map((e) => `${e.source}>${e.target}`));
  });
});
