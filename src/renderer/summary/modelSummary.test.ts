import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.ts';
import { loadDocument } from '../../engine/document.ts';
import { summaryMarkdown, summaryRows, summaryText, type SummaryWords } from './modelSummary.ts';

function lenet() {
  const r = loadDocument(readFileSync(new URL('../../../resources/examples/lenet5.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

const words: SummaryWords = {
  layer: 'Layer',
  kind: 'Kind',
  shape: 'Output shape',
  weights: 'Weights',
  biases: 'Biases',
  params: 'Params',
  macs: 'MACs',
  field: 'Receptive field',
  wholeImage: 'whole image',
  totals: 'Total params: 61,706',
  model: 'Model',
};

describe('model summary', () => {
  const doc = lenet();
  const rows = summaryRows(doc, analyze(doc));

  it('has LeNet-5 figures worked out by hand', () => {
    const c1 = rows.find((r) => r.id === 'c1')!;
    // 6 filters of 5×5×1, one bias each; "same" keeps 28×28: 28·28·6·25 MACs.
    expect(c1).toMatchObject({ shape: '6×28×28', weights: 150, biases: 6, params: 156, macs: 117_600 });
    expect(c1.field).toBe('5×5');
    const c2 = rows.find((r) => r.id === 'c2')!;
    // 16 filters of 5×5×6 on 14×14 → 10×10; field 5 + (5 − 1)·2 + (2 − 1)·1 = 14 after the pool.
    expect(c2).toMatchObject({
      shape: '16×10×10',
      weights: 2400,
      biases: 16,
      macs: 10 * 10 * 16 * 150,
      field: '14×14',
    });
    expect(rows.find((r) => r.id === 'f1')).toMatchObject({
      weights: 400 * 120,
      biases: 120,
      field: null,
      computed: true,
    });
    expect(rows.map((r) => r.id)).toEqual(['in', 'c1', 'p1', 'c2', 'p2', 'flat', 'f1', 'f2', 'out']);
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(61_706);
  });

  it('copies as aligned text and as a Markdown table', () => {
    const text = summaryText(doc.name, rows, words, (k) => k);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Model: "LeNet-5"');
    expect(lines[2]).toMatch(/^Layer +Kind +Output shape +Weights +Biases +Params +MACs +Receptive field$/);
    const c1 = lines.find((l) => l.startsWith('c1 '))!;
    expect(c1).toMatch(/^c1 +conv2d +6×28×28 +150 +6 +156 +117,600 +5×5$/);
    // Numbers are right-aligned: every row's Params column ends at the same place.
    const end = (l: string) => l.indexOf(l.split(/ {2,}/)[5]) + l.split(/ {2,}/)[5].length;
    expect(end(c1)).toBe(end(lines.find((l) => l.startsWith('f1 '))!));
    expect(lines.at(-1)).toBe('Total params: 61,706');
    const md = summaryMarkdown(doc.name, rows, words, (k) => k).split('\n');
    expect(md[2]).toBe('| Layer | Kind | Output shape | Weights | Biases | Params | MACs | Receptive field |');
    expect(md[3]).toBe('| --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
    expect(md).toContain('| f1 | dense | 120 | 48,000 | 120 | 48,120 | 48,000 | whole image |');
  });
});
