/**
 * Document + weights → an ONNX model (opset 17, IR 8) that computes what the engine computes at evaluation.
 *
 * - One input `input` [batch, C, H, W] (symbolic batch), pixels in [0, 1] as the datasets deliver them; the
 *   engine applies no normalisation of its own, so the graph needs none.
 * - One output `output`: the network's output node after its activation.
 * - Weights as raw little-endian float32 initializers named `${nodeId}.${tensor}` (e.g. `c1.W`).
 * - Node names are the document's node ids; extra nodes are `${id}/<what>`.
 * - metadata_props: convas.version, convas.name, convas.classes (JSON), convas.input (the input node's id),
 *   convas.dropout (JSON DropoutRecord[]).
 * - Dropout exports as nothing (the identity at evaluation), recorded in metadata so an import restores it;
 *   disconnected nodes and nodes that do not lead to the output are left out.
 */
import { analyze, inputsOf, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { weightsFromRecord, type WeightMap } from '../weights.js';
import { CONVAS_VERSION } from '../../shared/version.js';
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  makeGraph,
  makeModel,
  makeNode,
  makeTensorValueInfo,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './builder.js';
import { layerOrThrow } from '../registry.js';
import type { EmitContext } from './emitContext.js';

export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'output';
export const BATCH_DIM = 'batch';

export const META = {
  version: 'convas.version',
  name: 'convas.name',
  classes: 'convas.classes',
  input: 'convas.input',
  /** Dropout layers (nothing in the graph at inference), so an import of the file can put them back. */
  dropout: 'convas.dropout',
} as const;

/** A dropout layer left out of the graph: its rate, the node it reads, and which input of which node it fed. */
export interface DropoutRecord {
  id: string;
  rate: number;
  source: string;
  /** [node id, input index] pairs. */
  targets: [string, number][];
}

export class ExportError extends Error {}

export interface ExportOptions {
  /** The tensors to write. Absent: the document's stored weights, fresh ones (from `seed`) where it has none. */
  weights?: WeightMap;
  /** Seed for initialising weights the document lacks; default the training seed, else 1. */
  seed?: number;
}

/** The weights an export (or an engine run meant to match it) uses for a document. */
export function exportWeights(doc: GraphDocument, a: Analysis, seed?: number): WeightMap {
  return weightsFromRecord(a, doc.weights, seed ?? doc.training?.seed ?? 1).weights;
}

/** The node whose value the model outputs: the first of the analysis' outputs (the others draw a warning). */
export function outputNodeOf(a: Analysis): string {
  if (a.outputIds.length === 0 || a.outputIds[0] === a.inputId)
    throw new ExportError('the network has no layer connected after its input — connect one to export');
  return a.outputIds[0];
}

/** Ids of the nodes the output depends on, in analysis order. */
function ancestorsOf(doc: GraphDocument, a: Analysis, outputId: string): string[] {
  const needed = new Set<string>();
  const stack = [outputId];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...inputsOf(doc, id));
  }
  return a.order.filter((id) => needed.has(id));
}

export function exportModel(doc: GraphDocument, options: ExportOptions = {}): ModelProto {
  const a = analyze(doc);
  if (a.errors.length) {
    throw new ExportError(
      `the graph cannot be exported until its problems are fixed: ${a.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const weights = options.weights ?? exportWeights(doc, a, options.seed);
  const outputId = outputNodeOf(a);
  const ids = ancestorsOf(doc, a, outputId);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));

  // Value names: 'input', 'output', then each node's id — made unique if an id collides with a reserved name.
  const taken = new Set<string>([INPUT_NAME, OUTPUT_NAME]);
  const unique = (want: string) => {
    let name = want;
    for (let i = 1; taken.has(name); i++) name = `${want}_${i}`;
    taken.add(name);
    return name;
  };
  const valueOf = new Map<string, string>();
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const dropouts: DropoutRecord[] = [];
  // Shapes of the layers' outputs, so viewers such as Netron show them without running shape inference.
  const valueInfo: ValueInfoProto[] = [];

  for (const id of ids) {
    const node = byId.get(id)!;
    const info = a.nodes[id];
    const inputs = inputsOf(doc, id).map((s) => valueOf.get(s)!);
    const exporter = layerOrThrow(node.kind).onnx.export;
    if (exporter === 'graphInput') {
      valueOf.set(id, INPUT_NAME);
      continue;
    }
    if (exporter === 'identity') {
      // Nothing at evaluation (dropout): its value is its input's, and the metadata records it for an import.
      valueOf.set(id, inputs[0]);
      const targets = ids.flatMap((t) =>
        inputsOf(doc, t).flatMap((s, i): [string, number][] => (s === id ? [[t, i]] : [])),
      );
      dropouts.push({ id, rate: node.params.rate as number, source: inputsOf(doc, id)[0], targets });
      continue;
    }
    const output = id === outputId ? OUTPUT_NAME : unique(id);
    const ctx: EmitContext = {
      id,
      params: node.params,
      info,
      inputs,
      output,
      weights: weights[id] ?? {},
      node: (op, ins, outs, suffix, attrs) =>
        nodes.push(makeNode(op, ins, outs, suffix ? `${id}/${suffix}` : id, attrs)),
      floatInit(name, dims, values) {
        const full = unique(`${id}.${name}`);
        initializers.push(floatTensor(full, dims, values));
        return full;
      },
      intInit(name, dims, values) {
        const full = unique(`${id}/${name}`);
        initializers.push(int64Tensor(full, dims, values));
        return full;
      },
      value: (what) => unique(`${id}/${what}`),
    };
    exporter(ctx);
    valueOf.set(id, output);
    if (output !== OUTPUT_NAME)
      valueInfo.push(makeTensorValueInfo(output, DataType.FLOAT, [BATCH_DIM, ...info.outputShape!]));
  }
  // The output is a dropout (or the input itself): its value was aliased, so copy it into `output`.
  if (valueOf.get(outputId) !== OUTPUT_NAME)
    nodes.push(makeNode('Identity', [valueOf.get(outputId)!], [OUTPUT_NAME], `${outputId}/identity`));

  const inputShape = a.nodes[a.inputId!].outputShape!;
  const outputShape = a.nodes[outputId].outputShape!;
  const graph = makeGraph(
    nodes,
    doc.name || 'Convas model',
    [makeTensorValueInfo(INPUT_NAME, DataType.FLOAT, [BATCH_DIM, ...inputShape])],
    [makeTensorValueInfo(OUTPUT_NAME, DataType.FLOAT, [BATCH_DIM, ...outputShape])],
    initializers,
    { docString: `Exported by Convas ${CONVAS_VERSION}`, valueInfo },
  );
  const metadata: Record<string, string> = {
    [META.version]: CONVAS_VERSION,
    [META.name]: doc.name,
    [META.input]: a.inputId!,
  };
  if (doc.classes?.length) metadata[META.classes] = JSON.stringify(doc.classes);
  if (dropouts.length) metadata[META.dropout] = JSON.stringify(dropouts);
  return makeModel(graph, { producerName: 'Convas', producerVersion: CONVAS_VERSION, docString: doc.name, metadata });
}

/** The model's bytes, ready to write to a .onnx file. */
export function exportOnnxBytes(doc: GraphDocument, options: ExportOptions = {}): Uint8Array {
  return encodeModel(exportModel(doc, options));
}
