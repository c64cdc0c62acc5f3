/**
 * `convas summary`'s work (restore, analyze, the table) on chains of 10,000, 100,000 and 200,000 layers, in one
 * run: linear work takes about 10× as long for 10× the nodes, a quadratic step about 100×. Each size is timed
 * three times after a warm-up and the median kept, since other processes share the cores.
 * Run: npx tsx bench/summary.ts
 */
import { analyze } from '../src/engine/analyze.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, loadDocument, type GraphNode } from '../src/engine/document.js';
import { summaryTable } from '../src/cli/commands/summary.js';

function chainText(n: number): string {
  const nodes: GraphNode[] = [{ id: 'in', kind: 'input', params: { channels: 1, height: 8, width: 8 } }];
  for (let i = 1; i < n - 1; i++) nodes.push({ id: `r${i}`, kind: 'activation', params: { fn: 'relu' } });
  nodes.push({ id: 'd', kind: 'dense', params: { units: 10 } });
  const edges = nodes.slice(1).map((node, i) => ({ source: nodes[i].id, target: node.id }));
  // Flatten is left out on purpose: dense on a [1, 8, 8] input is an error, so the error path is timed too.
  return JSON.stringify({ format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, name: 'bench', nodes, edges });
}

function summarise(text: string): number {
  const r = loadDocument(text);
  if (!r.ok) throw new Error(r.error);
  return summaryTable(r.document, analyze(r.document)).length;
}

const sizes = [10_000, 100_000, 200_000];
const texts = sizes.map(chainText);
summarise(texts[0]); // warm up the JIT
const medians = sizes.map((n, k) => {
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    summarise(texts[k]);
    return performance.now() - t0;
  });
  return runs.sort((a, b) => a - b)[1];
});
for (const [k, n] of sizes.entries()) {
  console.log(
    `${n.toLocaleString('en-US').padStart(7)} nodes: ${medians[k].toFixed(0).padStart(6)} ms  ` +
      `${((medians[k] * 1000) / n).toFixed(1)} µs per node`,
  );
}
console.log(`100,000 / 10,000 nodes: ${(medians[1] / medians[0]).toFixed(1)}× the time (linear: 10×, quadratic: 100×)`);
console.log(`200,000 / 100,000 nodes: ${(medians[2] / medians[1]).toFixed(1)}× the time (linear: 2×, quadratic: 4×)`);
