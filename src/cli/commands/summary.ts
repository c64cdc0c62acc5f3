/** `convas summary FILE [--json]`: the Keras-style table of shapes, parameters, MACs and receptive fields. */
import { analyze, type Analysis } from '../../engine/analyze.js';
import type { GraphDocument } from '../../engine/document.js';
import { fmtInt, fmtShape, isExactCount, ROUNDED_COUNT_NOTE } from '../../engine/format.js';
import { CliError, parse, readDocumentFile, writeJson, type Command } from '../io.js';

const usage = `Usage: convas summary FILE [--json]

Prints every layer's output shape, parameters, MACs and receptive field, the totals, then any problems.
  --json   print one JSON object instead of the table

Exit status: 0 valid, 1 the graph has errors, 2 the file cannot be read or is not a Convas document.`;

/** Whether every count of the analysis is below 2^53 and so exact (else the table rounds some, with a note). */
function countsExact(a: Analysis): boolean {
  if (![a.totalParams, a.totalWeights, a.totalBiases, a.totalMacs].every(isExactCount)) return false;
  for (const id in a.nodes) if (!isExactCount(a.nodes[id].params) || !isExactCount(a.nodes[id].macs)) return false;
  return true;
}

export function summaryJson(doc: GraphDocument, a: Analysis) {
  const problem = (p: Analysis['errors'][number]) => ({ nodeId: p.nodeId, message: p.message });
  return {
    name: doc.name,
    nodes: doc.nodes.map((n) => {
      const i = a.nodes[n.id];
      return {
        id: n.id,
        kind: n.kind,
        outputShape: i.outputShape,
        params: i.params,
        weights: i.weights,
        biases: i.biases,
        macs: i.macs,
        receptiveField: i.receptiveField ? i.receptiveField.size : null,
      };
    }),
    totalParams: a.totalParams,
    totalMacs: a.totalMacs,
    /** false: some counts are past 2^53 − 1, so their float64 values (and these numbers) are not exact. */
    countsExact: countsExact(a),
    errors: a.errors.map(problem),
    warnings: a.warnings.map(problem),
  };
}

export function summaryTable(doc: GraphDocument, a: Analysis): string {
  const rows = [['Layer', 'Kind', 'Output shape', 'Params', 'MACs', 'Receptive field']];
  // Topological order first, then the nodes left out of it (on a cycle), in file order; a Set keeps it linear.
  const placed = new Set(a.order);
  const ordered = [...a.order, ...doc.nodes.map((n) => n.id).filter((id) => !placed.has(id))];
  for (const id of ordered) {
    const i = a.nodes[id];
    const rf = i.receptiveField
      ? `${i.receptiveField.size[0]}×${i.receptiveField.size[1]}`
      : i.outputShape
        ? 'whole image'
        : '—';
    rows.push([id, i.kind, fmtShape(i.outputShape), fmtInt(i.params), fmtInt(i.macs), rf]);
  }
  // A loop, not Math.max(...column): spreading 100,000 cells into one call overflows the stack.
  const widths = rows[0].map(() => 0);
  for (const r of rows) r.forEach((cell, c) => (widths[c] = Math.max(widths[c], cell.length)));
  const right = new Set([3, 4]);
  const line = (r: string[]) =>
    r
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((x, y) => x + y + 2, -2));
  const out = [`Model: "${doc.name}"`, rule, line(rows[0]), rule, ...rows.slice(1).map(line), rule];
  out.push(
    `Total params: ${fmtInt(a.totalParams)} (weights ${fmtInt(a.totalWeights)}, biases ${fmtInt(a.totalBiases)})`,
  );
  out.push(`Total MACs per sample: ${fmtInt(a.totalMacs)}`);
  if (!countsExact(a)) out.push(`note: ${ROUNDED_COUNT_NOTE}`);
  for (const e of a.errors) out.push(`error: ${e.message}`);
  for (const w of a.warnings) out.push(`warning: ${w.message}`);
  return out.join('\n');
}

export const summary: Command = {
  name: 'summary',
  summary: 'print shapes, parameters, MACs and receptive fields of a graph',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw new CliError(`expected one FILE\n\n${usage}`);
    const doc = await readDocumentFile(positionals[0]);
    const a = analyze(doc);
    if (values.json) writeJson(summaryJson(doc, a));
    else process.stdout.write(summaryTable(doc, a) + '\n');
    return a.errors.length ? 1 : 0;
  },
};
