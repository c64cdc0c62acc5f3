/**
 * Every layer's output for one input image, for the feature-map view: the network run forward in evaluation
 * mode (no dropout, batch-norm running statistics) through each LayerDef's own forward, so the maps are the
 * ones training and export compute. Unlike the trainer's Model, the output layer keeps its softmax.
 */
import type { Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { getLayer } from '../registry.js';
import type { ForwardContext, Tensor } from '../types.js';
import type { WeightMap } from '../weights.js';
import { sizeOf } from '../kernels/scratch.js';

/** `input` is one CHW image of the input node's shape; returns node id → output tensor (batch of 1). */
export function featureMaps(
  doc: GraphDocument,
  analysis: Analysis,
  weights: WeightMap,
  input: Float32Array,
): Map<string, Tensor> {
  const inputId = analysis.inputId;
  if (!inputId) throw new Error('the network has no input node');
  if (analysis.errors.length) throw new Error(`the network has errors: ${analysis.errors[0].message}`);
  const inShape = analysis.nodes[inputId].outputShape!;
  if (input.length !== sizeOf(inShape))
    throw new Error(`the image has ${input.length} values; the input wants [${inShape.join(', ')}]`);
  const ctx: ForwardContext = { training: false, rng: () => 0.5 };
  const out = new Map<string, Tensor>([[inputId, { shape: [1, ...inShape], data: input }]]);
  for (const id of analysis.order) {
    const info = analysis.nodes[id];
    if (id === inputId || !info.connected) continue;
    const node = doc.nodes.find((n) => n.id === id)!;
    const def = getLayer(node.kind)!;
    const ins = doc.edges.filter((e) => e.target === id).map((e) => out.get(e.source)!);
    out.set(id, def.forward(ins, weights[id] ?? {}, node.params, ctx).output);
  }
  return out;
}
