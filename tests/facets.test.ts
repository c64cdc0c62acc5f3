/**
 * Every layer kind has the facets it should (layers/kind.ts, layers/README.md): an ONNX exporter, ONNX
 * importers, a compiled-training emitter, formula text that reproduces the analysis' counts, and a case in each
 * suite that checks a facet against a reference (gradients by finite differences, ONNX against onnxruntime and
 * back, the compiled step against the engine's).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { emitterFor } from '../src/engine/compile/emitters.js';
import { explainNode } from '../src/engine/explain.js';
import { fmtInt } from '../src/engine/format.js';
import { importHandlers } from '../src/engine/onnx/importOps.js';
import { LAYERS } from '../src/engine/registry.js';
import { normalizeSettings } from '../src/engine/train/settings.js';
import { autoFallbackReason, chooseBackend } from '../src/main/training/backend.js';
import { chain, node } from './helpers.js';
import { CASES } from './onnx-cases.js';

/** The kinds whose ONNX export writes no operator: the graph's input, and dropout (the identity at evaluation). */
const NO_OPERATOR: Record<string, string> = { input: 'graphInput', dropout: 'identity' };

/** The value of a formula's written-out side: "params = 5·5·1·6 + 6 = 156" → 5·5·1·6 + 6, computed here. */
function evaluate(line: string): number {
  const expr = line.split(' = ')[1];
  return expr.split(' + ').reduce(
    (sum, term) =>
      sum +
      term
        .replace(/[()]/g, '')
        .split('·')
        .reduce((p, f) => p * Number(f), 1),
    0,
  );
}

const suite = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

describe('layer kinds and their facets', () => {
  it.each(LAYERS.map((k) => [k.kind, k] as const))('%s has every facet', (kind, k) => {
    if (NO_OPERATOR[kind]) expect(k.onnx.export, `${kind}: onnx.export`).toBe(NO_OPERATOR[kind]);
    else expect(typeof k.onnx.export, `${kind}: onnx.export`).toBe('function');
    if (kind === 'input') {
      expect(k.compiled).toBe('graphInput');
      expect(Object.keys(k.onnx.import)).toEqual([]);
      return;
    }
    expect(Object.keys(k.onnx.import).length, `${kind}: onnx.import lists no operator`).toBeGreaterThan(0);
    for (const op of Object.keys(k.onnx.import))
      expect(importHandlers()[op], `${kind}: no import handler for ${op}`).toBeDefined();
    const em = emitterFor(kind);
    expect(typeof em.forward).toBe('function');
    expect(typeof em.backward).toBe('function');
    // Kinds that own weights or slide a window write their formulas.
    if (k.params.some((p) => ['kernelSize', 'poolSize', 'units'].includes(p.name)) || kind === 'batchNorm') {
      expect(k.explain, `${kind}: explain`).toBeDefined();
    }
  });

  it('names the missing facet when a kind has no compiled emitter', () => {
    expect(() => emitterFor('noSuchKind')).toThrow(
      /noSuchKind kind has no compiled-training emitter \(its 'compiled' facet\)/,
    );
  });

  it("an 'auto' run that falls back to the engine says why, naming the missing facet", () => {
    const document = chain(
      node('in', 'input', { channels: 2, height: 6, width: 6 }),
      node('dw', 'depthwiseConv2d', { kernelSize: 3 }),
      node('flat', 'flatten'),
      node('out', 'dense', { units: 3 }),
    );
    const req = { document, settings: normalizeSettings({ dataset: 'shapes' }), backend: 'auto' as const };
    expect(chooseBackend(req)).toBe('onnxruntime');
    expect(autoFallbackReason(req)).toBeNull();
    const kind = LAYERS.find((k) => k.kind === 'depthwiseConv2d')!;
    const compiled = kind.compiled;
    try {
      (kind as { compiled?: unknown }).compiled = undefined;
      expect(chooseBackend(req)).toBe('engine');
      expect(autoFallbackReason(req)).toBe(
        'onnxruntime cannot train this network, so the engine does: the compiled backend cannot train ' +
          "depthwiseConv2d layers: the depthwiseConv2d kind has no compiled-training emitter (its 'compiled' facet)",
      );
    } finally {
      kind.compiled = compiled;
    }
  });

  it('every kind has a case in the gradient, ONNX and compiled-step suites', () => {
    const files = {
      gradcheck: suite('./gradcheck.test.ts'),
      onnx: suite('./onnx-cases.ts'),
      compiled: suite('./compiled-step.test.ts'),
    };
    for (const { kind } of LAYERS) {
      if (kind !== 'input')
        expect(files.gradcheck, `tests/gradcheck.test.ts has no ${kind} case`).toContain(`'${kind}'`);
      if (kind !== 'input') expect(files.onnx, `tests/onnx-cases.ts has no ${kind} case`).toContain(`'${kind}'`);
      if (kind !== 'input')
        expect(files.compiled, `tests/compiled-step.test.ts has no ${kind} case`).toContain(`'${kind}'`);
    }
  });

  it('formula text reproduces the counted parameters and MACs of every node of every ONNX case', () => {
    const seen = new Set<string>();
    for (const [, doc] of CASES) {
      const a = analyze(doc);
      for (const id of a.order) {
        const info = a.nodes[id];
        const e = explainNode(doc, a, id)!;
        seen.add(info.kind);
        if (info.params > 0) {
          expect(e.params, `${info.kind} "${id}": params`).toMatch(new RegExp(` = ${fmtInt(info.params)}( |$)`));
          expect(evaluate(e.params!), `${info.kind} "${id}": ${e.params}`).toBe(info.params);
        }
        if (info.macs > 0) {
          expect(e.macs, `${info.kind} "${id}": MACs`).toMatch(new RegExp(` = ${fmtInt(info.macs)}$`));
          expect(evaluate(e.macs!), `${info.kind} "${id}": ${e.macs}`).toBe(info.macs);
        }
      }
    }
    expect([...seen].sort()).toEqual(LAYERS.map((k) => k.kind).sort());
  });
});
