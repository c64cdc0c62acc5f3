/** Loading validates everything, migrates old versions, and never throws at the user. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { base64ToFloat32, float32ToBase64 } from '../src/engine/base64.js';
import { DOCUMENT_VERSION, loadDocument, serializeDocument } from '../src/engine/document.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/documents/${name}`, import.meta.url), 'utf8');

function load(text: string) {
  const r = loadDocument(text);
  if (!r.ok) throw new Error(r.error);
  return r;
}

function errorOf(value: unknown): string {
  const r = loadDocument(typeof value === 'string' ? value : JSON.stringify(value));
  if (r.ok) throw new Error('expected a load error');
  return r.error;
}

const minimal = (nodes: unknown[], edges: unknown[] = []) => ({
  format: 'convas.graph',
  version: 2,
  name: 'x',
  nodes,
  edges,
});
const inputNode = { id: 'in', kind: 'input', params: { channels: 1, height: 8, width: 8 } };

describe('migrations, one fixture per past version', () => {
  it('version 1 migrates to the current version and fills defaults', () => {
    const { document } = load(fixture('v1-lenet5.json'));
    expect(document.version).toBe(DOCUMENT_VERSION);
    const p1 = document.nodes.find((n) => n.id === 'p1')!;
    expect(p1.params).toEqual({ poolSize: 2, stride: null, padding: 'valid' });
    const c2 = document.nodes.find((n) => n.id === 'c2')!;
    expect(c2.params).toMatchObject({ stride: 1, padding: 'valid', useBias: true });
    expect(document.edges[0]).toEqual({ id: 'e1', source: 'in', target: 'c1' });
    expect(analyze(document).totalParams).toBe(61_706);
  });

  it('version 2 keeps weights, training settings, runs and classes', () => {
    const { document } = load(fixture('v2-lenet5-trained.json'));
    expect(document.classes).toHaveLength(10);
    expect(document.training?.optimizer).toBe('adam');
    expect(document.runs?.[0].epochs[0].valAccuracy).toBe(0.9);
    expect(Array.from(base64ToFloat32(document.weights!.c1.b))).toEqual([0.5, -1, 0, 1, 2, 3]);
  });

  it('save → load round-trips exactly', () => {
    const { document } = load(fixture('v2-lenet5-trained.json'));
    const text = serializeDocument(document);
    expect(serializeDocument(load(text).document)).toBe(text);
  });
});

describe('bad files get a message naming the field', () => {
  it('bad JSON', () => expect(errorOf('{"format": ')).toMatch(/^not valid JSON: /));
  it('wrong format', () =>
    expect(errorOf({ format: 'other', version: 1 })).toBe('format must be "convas.graph", not "other"'));
  it('a newer version', () =>
    expect(errorOf({ format: 'convas.graph', version: 99, nodes: [] })).toBe(
      `this document has version 99, written by a newer Convas; ` +
        `this one reads versions up to ${DOCUMENT_VERSION} — update Convas to open it`,
    ));
  it('an unknown kind', () =>
    expect(errorOf(minimal([inputNode, { id: 'x', kind: 'conv3d' }]))).toMatch(
      /^nodes\[1\]\.kind "conv3d" is not a layer kind Convas knows/,
    ));
  it('duplicate ids', () =>
    expect(errorOf(minimal([inputNode, inputNode]))).toBe(
      'nodes[1].id "in" is used by another node; ids must be unique',
    ));
  it('a non-positive input size', () =>
    expect(errorOf(minimal([{ id: 'in', kind: 'input', params: { channels: 1, height: -28, width: 28 } }]))).toBe(
      'nodes[0].params.height must be a positive integer no larger than 4096',
    ));
  it('filters must be a positive integer', () =>
    expect(
      errorOf(
        minimal([
          inputNode,
          { id: 'a', kind: 'dense', params: { units: 2 } },
          { id: 'b', kind: 'dense', params: { units: 2 } },
          { id: 'c', kind: 'conv2d', params: { filters: 0, kernelSize: 3 } },
        ]),
      ),
    ).toBe('nodes[3].params.filters must be a positive integer no larger than 4096'));
  it('a kernel pair with a zero', () =>
    expect(errorOf(minimal([{ id: 'c', kind: 'conv2d', params: { filters: 2, kernelSize: [3, 0] } }]))).toBe(
      'nodes[0].params.kernelSize must be a positive integer no larger than 64 or a pair [height, width] of them',
    ));
  it('a missing required param', () =>
    expect(errorOf(minimal([{ id: 'd', kind: 'dense', params: {} }]))).toBe('nodes[0].params.units is required'));
  it('bad padding', () =>
    expect(
      errorOf(minimal([{ id: 'c', kind: 'conv2d', params: { filters: 2, kernelSize: 3, padding: 'full' } }])),
    ).toBe('nodes[0].params.padding must be "valid", "same" or a non-negative integer (pixels on each side)'));
  it('an edge to a missing node', () =>
    expect(errorOf(minimal([inputNode], [{ source: 'in', target: 'ghost' }]))).toBe(
      'edges[0].target "ghost" is not the id of any node',
    ));
  it('weights for a missing node', () =>
    expect(errorOf({ ...minimal([inputNode]), weights: { c9: { W: 'AAAA' } } })).toBe(
      'weights["c9"] belongs to no node',
    ));
  it('not an object', () =>
    expect(errorOf('[1, 2]')).toBe('the file is not a Convas document: expected a JSON object'));
});

describe('tolerant restore', () => {
  it('drops unknown params with a warning', () => {
    const r = load(JSON.stringify(minimal([{ id: 'f', kind: 'flatten', params: { colour: 'red' } }])));
    expect(r.document.nodes[0].params).toEqual({});
    expect(r.warnings).toEqual(['nodes[0].params.colour is not a param of flatten; it was dropped']);
  });
});

describe('base64 float32', () => {
  it('round-trips every length and special value', () => {
    for (let n = 0; n < 7; n++) {
      const values = Float32Array.from({ length: n }, (_, i) => (i - 2) * 1.5e-3);
      expect(Array.from(base64ToFloat32(float32ToBase64(values)))).toEqual(Array.from(values));
    }
    const special = new Float32Array([Infinity, -0, 3.4e38, 1e-45]);
    expect(Array.from(base64ToFloat32(float32ToBase64(special)))).toEqual(Array.from(special));
    expect(float32ToBase64(new Float32Array([1]))).toBe('AACAPw==');
  });
});
