/**
 * How long a full re-analysis takes for a 500-node graph (the aim: well under a millisecond per node), the work
 * the canvas repeats on every edit. Run: npx tsx bench/analyze.ts
 */
import { analyze } from '../src/engine/analyze.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphNode } from '../src/engine/document.js';

function bigGraph(n: number): GraphDocument {
  const nodes: GraphNode[] = [{ id: 'in', kind: 'input', params: { channels: 3, height: 64, width: 64 } }];
  const edges: GraphDocument['edges'] = [];
  let prev = 'in';
  // Residual blocks of conv → batchNorm → conv → add, which exercise every code path of the analysis.
  while (nodes.length < n - 3) {
    const i = nodes.length;
    nodes.push(
      {
        id: `c${i}`,
        kind: 'conv2d',
        params: { filters: 3, kernelSize: 3, stride: 1, padding: 'same', useBias: true, activation: 'relu' },
      },
      { id: `b${i}`, kind: 'batchNorm', params: { epsilon: 1e-5, momentum: 0.9 } },
      {
        id: `d${i}`,
        kind: 'conv2d',
        params: { filters: 3, kernelSize: 3, stride: 1, padding: 'same', useBias: true, activation: 'linear' },
      },
      { id: `a${i}`, kind: 'add', params: {} },
    );
    edges.push(
      { source: prev, target: `c${i}` },
      { source: `c${i}`, target: `b${i}` },
      { source: `b${i}`, target: `d${i}` },
      { source: `d${i}`, target: `a${i}` },
      { source: prev, target: `a${i}` },
    );
    prev = `a${i}`;
  }
  nodes.push(
    { id: 'g', kind: 'globalAvgPool2d', params: {} },
    { id: 'out', kind: 'dense', params: { units: 10, useBias: true, activation: 'softmax' } },
  );
  edges.push({ source: prev, target: 'g' }, { source: 'g', target: 'out' });
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, name: 'bench', nodes, edges };
}

const doc = bigGraph(500);
for (let i = 0; i < 20; i++) analyze(doc); // warm up the JIT
const runs: number[] = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  const a = analyze(doc);
  runs.push(performance.now() - t0);
  if (a.errors.length) throw new Error(a.errors[0].message);
}
runs.sort((x, y) => x - y);
const median = runs[runs.length >> 1];
console.log(`analyze: ${doc.nodes.length} nodes, ${doc.edges.length} edges`);
console.log(
  `median ${median.toFixed(2)} ms per full analysis = ` +
    `${((median * 1000) / doc.nodes.length).toFixed(2)} µs per node (target: < 1000 µs per node)`,
);
