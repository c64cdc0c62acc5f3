/**
 * ONNX bytes → a Convas GraphDocument with weights, when every operator maps onto a Convas layer (see
 * importOps.ts for the list). Otherwise it refuses, listing the unsupported operators and their node names;
 * it never returns half a graph.
 *
 * Models Convas exported come back as they went out: node ids from node names, the input id, name and class
 * labels from metadata_props, activations folded back into their layers, the locally-connected chain into one
 * node, dropout layers (absent from the graph) from metadata. Padding that equals SAME_UPPER comes back as
 * "same", and positions on the canvas are laid out afresh.
 */
import { analyze } from '../analyze.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../document.js';
import { getLayer } from '../registry.js';
import { weightsToRecord, type WeightMap } from '../weights.js';
import {
  DataType,
  decodeModel,
  metadataOf,
  opsetOf,
  valueInfoShape,
  type NodeProto,
  type TensorProto,
} from './builder.js';
import { META, type DropoutRecord } from './export.js';
import { ImportContext, ImportError, type BuiltNode } from './importContext.js';
import { foldConstants } from './importFold.js';
import { importHandlers } from './importOps.js';
import { sizeOf } from '../kernels/scratch.js';

export { ImportError };

export interface ImportResult {
  document: GraphDocument;
  warnings: string[];
}

/** Constant nodes become constants like initializers (value, value_float(s), value_int(s)). */
function constantTensor(node: NodeProto, c: ImportContext): TensorProto | null {
  const a = c.attrs(node);
  const name = node.output?.[0] ?? '';
  if (a.value && typeof a.value === 'object' && !Array.isArray(a.value)) return { ...(a.value as TensorProto), name };
  const num = (v: number | number[], dataType: number): TensorProto => {
    const list = Array.isArray(v) ? v : [v];
    return dataType === DataType.FLOAT
      ? { name, dataType, dims: Array.isArray(v) ? [list.length] : [], floatData: list }
      : { name, dataType, dims: Array.isArray(v) ? [list.length] : [], int64Data: list };
  };
  if (a.value_float !== undefined) return num(a.value_float as number, DataType.FLOAT);
  if (a.value_floats !== undefined) return num(a.value_floats as number[], DataType.FLOAT);
  if (a.value_int !== undefined) return num(a.value_int as number, DataType.INT64);
  if (a.value_ints !== undefined) return num(a.value_ints as number[], DataType.INT64);
  return null;
}

/** Rows by distance from the input, left to right within a row, for the canvas. */
function layout(nodes: BuiltNode[]): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const perRow = new Map<number, number>();
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const d = n.inputs.length ? Math.max(...n.inputs.map((i) => depth.get(i) ?? 0)) + 1 : 0;
    depth.set(n.id, d);
    const col = perRow.get(d) ?? 0;
    perRow.set(d, col + 1);
    out.set(n.id, { x: 80 + col * 220, y: 40 + d * 110 });
  }
  return out;
}

export function importOnnx(bytes: Uint8Array, options: { name?: string } = {}): ImportResult {
  try {
    return importModel(bytes, options);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError((e as Error).message);
  }
}

function importModel(bytes: Uint8Array, options: { name?: string }): ImportResult {
  const model = decodeModel(bytes);
  const graph = model.graph!;
  const meta = metadataOf(model);
  const warnings: string[] = [];
  const nodes = graph.node ?? [];
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  const c = new ImportContext(getLayer, opsetOf(model), new Set(outputs), META.version in meta);

  for (const t of graph.initializer ?? []) c.consts.set(t.name ?? '', t);
  for (const n of nodes) {
    if (n.opType !== 'Constant') continue;
    const t = constantTensor(n, c);
    if (!t) throw new ImportError(`${c.label(n)}: holds no tensor Convas can read`);
    c.consts.set(n.output?.[0] ?? '', t);
  }
  for (const n of nodes) for (const v of n.input ?? []) if (v) c.consumers.set(v, [...(c.consumers.get(v) ?? []), n]);
  // Integer arithmetic on constants (PyTorch's pads) becomes constants; then unsupported operators, all of them,
  // so the message lists everything at once.
  foldConstants(c, nodes);
  const unsupported = new Map<string, string[]>();
  for (const n of nodes) {
    if (c.fused.has(n)) continue;
    const domain = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : '';
    if (domain || (!importHandlers()[n.opType ?? ''] && n.opType !== 'Constant')) {
      const op = `${domain}${n.opType}`;
      unsupported.set(op, [...(unsupported.get(op) ?? []), n.name || n.output?.[0] || '?']);
    }
  }
  if (unsupported.size) {
    const list = [...unsupported].map(([op, names]) => `${op} (${names.map((s) => `"${s}"`).join(', ')})`).join('; ');
    throw new ImportError(`this model uses operators that have no Convas layer: ${list}`);
  }

  const inputs = (graph.input ?? []).filter((v) => !c.consts.has(v.name ?? ''));
  if (inputs.length !== 1)
    throw new ImportError(
      `a Convas network has one input image, this model has ${inputs.length} inputs ` +
        `(${inputs.map((v) => `"${v.name}"`).join(', ')})`,
    );
  const input = inputs[0];
  const shape = valueInfoShape(input);
  if (input.type?.tensorType?.elemType !== DataType.FLOAT)
    throw new ImportError(`input "${input.name}" must be float32 pixels`);
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => typeof d !== 'number' || d < 1)) {
    throw new ImportError(
      `input "${input.name}" has shape [${(shape ?? []).map((d) => d ?? '?').join(', ')}]; ` +
        `Convas needs images [batch, channels, height, width] with fixed channels, height and width`,
    );
  }
  if (outputs.length !== 1) throw new ImportError(`a Convas network has one output, this model has ${outputs.length}`);

  const inputId = meta[META.input] || 'input';
  c.reserve(inputId);
  const [channels, height, width] = shape.slice(1) as number[];
  c.inputBatch = typeof shape[0] === 'number' ? shape[0] : null;
  c.add(inputId, 'input', { channels, height, width }, [], input.name ?? '');

  for (const n of nodes) {
    if (n.opType === 'Constant' || c.fused.has(n)) continue;
    importHandlers()[n.opType!](c, n);
  }
  const outputId = c.valueNode.get(outputs[0]);
  if (outputId === undefined)
    throw new ImportError(`the graph output "${outputs[0]}" is a constant or is never computed`);
  if (outputId === inputId) throw new ImportError('the model outputs its input unchanged; there is no layer to import');

  // Keep what the output depends on; say what was dropped.
  const keep = new Set<string>();
  const stack = [outputId];
  while (stack.length) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    stack.push(...c.byId.get(id)!.inputs);
  }
  const built = c.nodes.filter((n) => keep.has(n.id));
  const dropped = c.nodes.filter((n) => !keep.has(n.id)).map((n) => n.id);
  if (dropped.length)
    warnings.push(`left out ${dropped.length} node(s) that do not lead to the output: ${dropped.join(', ')}`);

  if (c.convasModel) restoreDropouts(built, meta[META.dropout], warnings);

  const positions = layout(built);
  const docNodes: GraphNode[] = built.map((n) => ({
    id: n.id,
    kind: n.kind,
    params: n.params,
    position: positions.get(n.id),
  }));
  const edges: GraphEdge[] = built.flatMap((n) => n.inputs.map((s) => ({ source: s, target: n.id })));
  const weights: WeightMap = {};
  for (const n of built) if (Object.keys(n.weights).length) weights[n.id] = n.weights;

  const document: GraphDocument = {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: meta[META.name] || options.name || graph.name || 'Imported model',
    nodes: docNodes,
    edges,
  };
  const classes = readClasses(meta[META.classes], built.find((n) => n.id === outputId)!.shape, warnings);
  if (classes) document.classes = classes;

  // The document must analyse cleanly and every tensor must fit its layer's layout.
  const a = analyze(document);
  if (a.errors.length)
    throw new ImportError(`the imported graph has problems: ${a.errors.map((e) => e.message).join('; ')}`);
  for (const n of built) {
    for (const spec of a.nodes[n.id].tensors) {
      const values = n.weights[spec.name];
      const want = sizeOf(spec.shape);
      if (!values || values.length !== want)
        throw new ImportError(
          `${n.kind} "${n.id}": tensor ${spec.name} has ${values?.length ?? 0} values, ` +
            `its layer needs [${spec.shape.join(', ')}]`,
        );
    }
  }
  document.weights = weightsToRecord(weights);
  return { document, warnings };
}

/** Puts back the dropout layers a Convas model lists in its metadata (they are not in its graph). */
function restoreDropouts(built: BuiltNode[], text: string | undefined, warnings: string[]): void {
  if (!text) return;
  let records: DropoutRecord[];
  try {
    records = JSON.parse(text) as DropoutRecord[];
    if (!Array.isArray(records)) throw new Error('not a list');
  } catch {
    warnings.push(`metadata ${META.dropout} is not a JSON list of dropout layers; ignored`);
    return;
  }
  for (const d of records) {
    const at = built.findIndex((n) => n.id === d.source);
    if (at < 0 || built.some((n) => n.id === d.id) || !(d.rate >= 0 && d.rate < 1)) {
      warnings.push(`dropout "${d.id}" from the metadata does not fit the graph; left out`);
      continue;
    }
    for (const [target, index] of d.targets) {
      const t = built.find((n) => n.id === target);
      if (t && t.inputs[index] === d.source) t.inputs[index] = d.id;
    }
    built.splice(at + 1, 0, {
      id: d.id,
      kind: 'dropout',
      params: { rate: d.rate },
      inputs: [d.source],
      shape: built[at].shape,
      weights: {},
    });
  }
}

function readClasses(text: string | undefined, outputShape: number[], warnings: string[]): string[] | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) {
      if (outputShape.length === 1 && v.length !== outputShape[0])
        warnings.push(`the model lists ${v.length} class labels for ${outputShape[0]} outputs`);
      return v as string[];
    }
  } catch {
    // fall through
  }
  warnings.push(`metadata ${META.classes} is not a JSON list of labels; ignored`);
  return null;
}
