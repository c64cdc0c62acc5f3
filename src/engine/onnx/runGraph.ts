/**
 * Runs a document's graph in the engine exactly as its ONNX export computes it: evaluation mode (no dropout,
 * batch-norm running statistics), every activation applied, the final softmax included. (The trainer's Model
 * instead returns the output layer's logits, since its loss fuses the softmax.) Used to check exported and
 * imported models against the engine.
 */
import { analyze, inputsOf, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { getLayer } from '../registry.js';
import type { ForwardContext, Tensor } from '../types.js';
import type { WeightMap } from '../weights.js';

/** `x` holds `n` samples of the input node's shape; returns the output node's values [n, …outputShape]. */
export function runGraph(
  doc: GraphDocument,
  weights: WeightMap,
  x: Float32Array,
  n: number,
  analysis?: Analysis,
): Tensor {
  const a = analysis ?? analyze(doc);
  if (a.errors.length) throw new Error(`the graph has problems: ${a.errors.map((e) => e.message).join('; ')}`);
  const outputId = a.outputIds[0];
  const byId = new Map(doc.nodes.map((node) => [node.id, node]));
  const values = new Map<string, Tensor>();
  const ctx: ForwardContext = { training: false, rng: () => 0 };
  for (const id of a.order) {
    const info = a.nodes[id];
    if (!info.connected) continue;
    const node = byId.get(id)!;
    if (node.kind === 'input') {
      values.set(id, { shape: [n, ...info.outputShape!], data: x });
      continue;
    }
    const inputs = inputsOf(doc, id).map((s) => values.get(s)!);
    values.set(id, getLayer(node.kind)!.forward(inputs, weights[id] ?? {}, node.params, ctx).output);
    if (id === outputId) break;
  }
  return values.get(outputId)!;
}
