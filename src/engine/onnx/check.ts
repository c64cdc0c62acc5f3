/**
 * Structural checks of an ONNX graph, the subset of onnx.checker that catches a writer's mistakes: every node
 * input is defined before it is used (onnx.proto: "nodes … MUST be in topologically sorted order"), values are
 * assigned once (SSA), every initializer is used, every graph output is produced. Shared by the exporter's tests
 * and by anything else that builds graphs with builder.ts.
 */
import type { GraphProto } from './builder.js';

export function graphProblems(graph: GraphProto): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  const initializers = new Set<string>();
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    if (initializers.has(name)) problems.push(`initializer "${name}" is defined twice`);
    initializers.add(name);
    defined.add(name);
  }
  for (const v of graph.input ?? []) defined.add(v.name ?? '');
  const used = new Set<string>();
  for (const node of graph.node ?? []) {
    const label = `${node.opType} node "${node.name ?? ''}"`;
    for (const input of node.input ?? []) {
      if (input === '') continue; // an omitted optional input
      if (!defined.has(input)) problems.push(`${label} reads "${input}", which nothing defined before it`);
      used.add(input);
    }
    for (const output of node.output ?? []) {
      if (output === '') continue;
      if (defined.has(output)) problems.push(`${label} writes "${output}", which is already defined`);
      defined.add(output);
    }
  }
  for (const v of graph.output ?? []) {
    if (!defined.has(v.name ?? '')) problems.push(`graph output "${v.name}" is never produced`);
    used.add(v.name ?? '');
  }
  for (const name of initializers) if (!used.has(name)) problems.push(`initializer "${name}" is never used`);
  return problems;
}
