/**
 * The model summary (Keras' model.summary()): one row per layer with its output shape, weights, biases, MACs and
 * receptive field, and the same table as aligned plain text or as Markdown for pasting into notes.
 */
import type { Analysis } from '../../engine/analyze.ts';
import type { GraphDocument } from '../../engine/document.ts';
import { fmtInt, fmtShape } from '../../engine/format.ts';

export interface SummaryRow {
  id: string;
  kind: string;
  shape: string;
  weights: number;
  biases: number;
  params: number;
  macs: number;
  /** "5×5", or null for a flat output that sees the whole image, or for a layer that cannot be computed. */
  field: string | null;
  /** Whether the output shape is known (a flat output's field is then the whole image). */
  computed: boolean;
}

/** Layers in topological order, then those left out of it (on a cycle) in file order. */
export function summaryRows(doc: GraphDocument, a: Analysis): SummaryRow[] {
  const placed = new Set(a.order);
  const ids = [...a.order, ...doc.nodes.map((n) => n.id).filter((id) => !placed.has(id))];
  return ids.map((id) => {
    const i = a.nodes[id];
    const rf = i.receptiveField;
    return {
      id,
      kind: i.kind,
      shape: fmtShape(i.outputShape),
      weights: i.weights,
      biases: i.biases,
      params: i.params,
      macs: i.macs,
      field: rf ? `${rf.size[0]}×${rf.size[1]}` : null,
      computed: i.outputShape !== null,
    };
  });
}

/** Column headings and words, in the reader's language. */
export interface SummaryWords {
  layer: string;
  kind: string;
  shape: string;
  weights: string;
  biases: string;
  params: string;
  macs: string;
  field: string;
  wholeImage: string;
  /** e.g. 'Total params: 61,706 (weights 61,470, biases 236)'. */
  totals: string;
  model: string;
}

function cells(rows: SummaryRow[], w: SummaryWords, kindName: (kind: string) => string): string[][] {
  return rows.map((r) => [
    r.id,
    kindName(r.kind),
    r.shape,
    fmtInt(r.weights),
    fmtInt(r.biases),
    fmtInt(r.params),
    fmtInt(r.macs),
    r.field ?? (r.computed ? w.wholeImage : '—'),
  ]);
}

const heads = (w: SummaryWords) => [w.layer, w.kind, w.shape, w.weights, w.biases, w.params, w.macs, w.field];
const NUMERIC = new Set([3, 4, 5, 6]);

/** Display width: CJK characters take two columns in a monospaced font. */
function width(s: string): number {
  let n = 0;
  for (const ch of s)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return n;
}

/** Keras-style aligned text: numbers right-aligned, a rule above and below the rows, totals after. */
export function summaryText(
  name: string,
  rows: SummaryRow[],
  w: SummaryWords,
  kindName: (kind: string) => string,
): string {
  const table = [heads(w), ...cells(rows, w, kindName)];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => width(r[c]))));
  const pad = (s: string, c: number) =>
    NUMERIC.has(c) ? ' '.repeat(widths[c] - width(s)) + s : s + ' '.repeat(widths[c] - width(s));
  const line = (r: string[]) =>
    r
      .map((s, c) => pad(s, c))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((x, y) => x + y + 2, -2));
  return (
    [`${w.model}: "${name}"`, rule, line(table[0]), rule, ...table.slice(1).map(line), rule, w.totals].join('\n') + '\n'
  );
}

/** A GitHub-flavoured Markdown table; `|` in a cell is escaped. */
export function summaryMarkdown(
  name: string,
  rows: SummaryRow[],
  w: SummaryWords,
  kindName: (kind: string) => string,
): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const row = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  const align = heads(w).map((_, c) => (NUMERIC.has(c) ? '---:' : '---'));
  return (
    [
      `**${esc(name)}**`,
      '',
      row(heads(w)),
      `| ${align.join(' | ')} |`,
      ...cells(rows, w, kindName).map(row),
      '',
      w.totals,
    ].join('\n') + '\n'
  );
}
