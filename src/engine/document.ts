/**
 * The `convas.graph` document: a versioned envelope (after excalidraw's data/json.ts) with a tolerant restore
 * (missing params take registry defaults) and numbered migrations (each raises the version by one).
 */
import { getLayer, LAYERS } from './registry.js';
import { validateParam } from './params.js';
import type { Params, ParamValue } from './types.js';

export const DOCUMENT_FORMAT = 'convas.graph';
export const DOCUMENT_VERSION = 2;

export interface GraphNode {
  id: string;
  kind: string;
  params: Params;
  position?: { x: number; y: number };
}

export interface GraphEdge {
  id?: string;
  source: string;
  target: string;
}

export type OptimizerName = 'sgd' | 'adam';

export interface TrainingSettings {
  dataset: string;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  weightDecay: number;
  seed: number;
  valSplit: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  samplesPerSecond: number;
  seconds: number;
}

export interface RunRecord {
  id: string;
  label?: string;
  startedAt: string;
  settings: TrainingSettings;
  /** Which backend trained it ("engine" or "onnxruntime") and on which provider ("cpu", "cuda", …). */
  backend: string;
  provider: string;
  /** CPU threads that computed each step (absent on a GPU, and in runs saved before it was recorded). */
  threads?: number;
  epochs: EpochMetrics[];
  testAccuracy?: number;
  testLoss?: number;
  /**
   * The test split's confusion matrix at the end of the run: confusion[true][predicted], classes in the
   * document's `classes` order. Optional: runs saved before it was recorded have none, and older readers ignore it.
   */
  confusion?: number[][];
  stoppedEarly?: boolean;
}

/** Trained tensors: node id → tensor name → base64 of little-endian float32. */
export type WeightsRecord = Record<string, Record<string, string>>;

export interface GraphDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Class names, in label order, from the dataset the weights were trained on. */
  classes?: string[];
  weights?: WeightsRecord;
  training?: TrainingSettings;
  runs?: RunRecord[];
}

export type LoadResult = { ok: true; document: GraphDocument; warnings: string[] } | { ok: false; error: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Migrations: MIGRATIONS[v] turns a version-v document into version v + 1. Never edit one that has shipped;
 * add the next. Fixtures for every past version live in tests/fixtures/documents.
 */
const MIGRATIONS: Record<number, (doc: Json) => Json> = {
  // 1 → 2: documents may carry weights, training settings, run history and class labels. Nothing to convert.
  1: (doc) => ({ ...doc, version: 2 }),
};

class DocumentError extends Error {}

function fail(message: string): never {
  throw new DocumentError(message);
}

/** Parses and validates a document's text. Never throws: a bad file gives a message naming the field. */
export function loadDocument(text: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  return restoreDocument(raw);
}

/** Validates a parsed document, migrates it to the current version and fills missing params. */
export function restoreDocument(raw: unknown): LoadResult {
  try {
    const warnings: string[] = [];
    return { ok: true, document: restore(raw, warnings), warnings };
  } catch (e) {
    if (e instanceof DocumentError) return { ok: false, error: e.message };
    return { ok: false, error: `the document could not be read: ${(e as Error).message}` };
  }
}

function restore(raw: unknown, warnings: string[]): GraphDocument {
  if (!isObject(raw)) fail('the file is not a Convas document: expected a JSON object');
  if (raw.format !== DOCUMENT_FORMAT) {
    fail(
      `format must be "${DOCUMENT_FORMAT}"` +
        `${raw.format === undefined ? ' (the field is missing)' : `, not ${JSON.stringify(raw.format)}`}`,
    );
  }
  let version = raw.version;
  if (!Number.isInteger(version) || (version as number) < 1) fail('version must be a positive integer');
  if ((version as number) > DOCUMENT_VERSION) {
    fail(
      `this document has version ${version}, written by a newer Convas; ` +
        `this one reads versions up to ${DOCUMENT_VERSION} — update Convas to open it`,
    );
  }
  let doc: Json = raw;
  while ((version as number) < DOCUMENT_VERSION) {
    doc = MIGRATIONS[version as number](doc);
    version = doc.version;
  }

  const name = doc.name === undefined ? 'Untitled' : doc.name;
  if (typeof name !== 'string') fail('name must be a string');
  if (!Array.isArray(doc.nodes)) fail('nodes must be an array');
  if (doc.edges !== undefined && !Array.isArray(doc.edges)) fail('edges must be an array');

  const nodes = doc.nodes.map((n, i) => restoreNode(n, `nodes[${i}]`, warnings));
  const ids = new Set<string>();
  nodes.forEach((n, i) => {
    if (ids.has(n.id)) fail(`nodes[${i}].id "${n.id}" is used by another node; ids must be unique`);
    ids.add(n.id);
  });
  const edges = ((doc.edges as unknown[] | undefined) ?? []).map((e, i) => restoreEdge(e, `edges[${i}]`, ids));

  const out: GraphDocument = { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, name, nodes, edges };
  if (doc.classes !== undefined) {
    if (!Array.isArray(doc.classes) || doc.classes.some((c) => typeof c !== 'string'))
      fail('classes must be an array of strings');
    out.classes = doc.classes as string[];
  }
  if (doc.weights !== undefined) out.weights = restoreWeights(doc.weights, ids);
  if (doc.training !== undefined) {
    if (!isObject(doc.training)) fail('training must be an object');
    out.training = doc.training as unknown as TrainingSettings;
  }
  if (doc.runs !== undefined) {
    if (!Array.isArray(doc.runs) || doc.runs.some((r) => !isObject(r) || !Array.isArray(r.epochs))) {
      fail('runs must be an array of runs, each with an epochs array');
    }
    out.runs = doc.runs as RunRecord[];
  }
  return out;
}

function restoreNode(n: unknown, path: string, warnings: string[]): GraphNode {
  if (!isObject(n)) fail(`${path} must be an object`);
  if (typeof n.id !== 'string' || n.id === '') fail(`${path}.id must be a non-empty string`);
  if (typeof n.kind !== 'string') fail(`${path}.kind must be a string`);
  const def = getLayer(n.kind);
  if (!def)
    fail(`${path}.kind "${n.kind}" is not a layer kind Convas knows (known: ${LAYERS.map((l) => l.kind).join(', ')})`);
  if (n.params !== undefined && !isObject(n.params)) fail(`${path}.params must be an object`);
  const given = (n.params ?? {}) as Json;
  const params: Params = {};
  for (const spec of def.params) {
    const v = given[spec.name] as ParamValue | undefined;
    const problem = validateParam(spec, v);
    if (problem) fail(`${path}.params.${spec.name} ${problem}`);
    if (v !== undefined && v !== null) params[spec.name] = v;
    else if (spec.default !== undefined) params[spec.name] = spec.default;
  }
  for (const key of Object.keys(given)) {
    if (!def.params.some((s) => s.name === key))
      warnings.push(`${path}.params.${key} is not a param of ${def.kind}; it was dropped`);
  }
  const node: GraphNode = { id: n.id, kind: n.kind, params };
  if (n.position !== undefined) {
    const p = n.position;
    if (
      !isObject(p) ||
      typeof p.x !== 'number' ||
      typeof p.y !== 'number' ||
      !Number.isFinite(p.x) ||
      !Number.isFinite(p.y)
    ) {
      fail(`${path}.position must be {"x": number, "y": number}`);
    }
    node.position = { x: p.x, y: p.y };
  }
  return node;
}

function restoreEdge(e: unknown, path: string, ids: Set<string>): GraphEdge {
  if (!isObject(e)) fail(`${path} must be an object with "source" and "target"`);
  for (const end of ['source', 'target'] as const) {
    if (typeof e[end] !== 'string') fail(`${path}.${end} must be a node id`);
    if (!ids.has(e[end] as string)) fail(`${path}.${end} "${e[end]}" is not the id of any node`);
  }
  const edge: GraphEdge = { source: e.source as string, target: e.target as string };
  if (e.id !== undefined) {
    if (typeof e.id !== 'string') fail(`${path}.id must be a string`);
    edge.id = e.id;
  }
  return edge;
}

function restoreWeights(w: unknown, ids: Set<string>): WeightsRecord {
  if (!isObject(w)) fail('weights must be an object of node id → tensor name → base64');
  for (const [nodeId, tensors] of Object.entries(w)) {
    if (!ids.has(nodeId)) fail(`weights["${nodeId}"] belongs to no node`);
    if (!isObject(tensors) || Object.values(tensors).some((t) => typeof t !== 'string')) {
      fail(`weights["${nodeId}"] must map tensor names to base64 strings`);
    }
  }
  return w as WeightsRecord;
}

/** Pretty JSON with a trailing newline; the output of saving. */
export function serializeDocument(doc: GraphDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

export function emptyDocument(name = 'Untitled'): GraphDocument {
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, name, nodes: [], edges: [] };
}
