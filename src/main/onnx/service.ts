/**
 * The ONNX service the app (onnx:* channels) and the CLI share: export a document to a .onnx file, import one,
 * evaluate a model over a dataset on the provider asked for, and check a model against the engine.
 */
import { basename } from 'node:path';
import { analyze } from '../../engine/analyze.ts';
import { samplesAsFloats, type DataSplit, type Dataset, type Pixels } from '../../engine/datasets/types.ts';
import type { GraphDocument } from '../../engine/document.ts';
import { exportOnnxBytes, exportWeights, type ExportOptions } from '../../engine/onnx/export.ts';
import { importOnnx as importOnnxBytes, type ImportResult } from '../../engine/onnx/import.ts';
import { runGraph } from '../../engine/onnx/runGraph.ts';
import { createRng } from '../../engine/rng.ts';
import type { ApiRequests, DatasetRef, OnnxCheckResult, Provider, Result } from '../../shared/api.ts';
import type { FallbackMessage } from '../../shared/fallback.ts';
import { loadDataset } from '../datasets/index.ts';
import { atomicWrite } from '../files/atomic.ts';
import { argmaxRows, modelInfo, readModelBytes, runOnSamples, type ModelInfo } from './runner.ts';

/** Writes the model atomically (temp file beside it, fsync, rename), so a crash never leaves half a file. */
export async function exportOnnx(
  document: GraphDocument,
  path: string,
  options: ExportOptions = {},
): Promise<{ path: string; bytes: number }> {
  const bytes = exportOnnxBytes(document, options);
  try {
    await atomicWrite(path, bytes);
  } catch (e) {
    throw new Error(`${path}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { path, bytes: bytes.length };
}

export async function importOnnx(path: string): Promise<ImportResult> {
  const bytes = await readModelBytes(path);
  try {
    return importOnnxBytes(bytes, { name: basename(path).replace(/\.onnx$/i, '') });
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

export interface EvaluateOptions {
  split?: 'test' | 'all';
  provider?: Provider;
  batchSize?: number;
  threads?: number;
}

export interface OnnxEvaluation {
  provider: string;
  fallbackReason: string | null;
  fallback: FallbackMessage[];
  accuracy: number;
  count: number;
  samplesPerSecond: number;
}

/** The split asked for; "all" is train then test. */
export function splitOf(d: Dataset, split: 'test' | 'all'): DataSplit {
  if (split === 'test') return d.test;
  const size = d.shape[0] * d.shape[1] * d.shape[2];
  const Store = d.train.x instanceof Uint8Array && d.test.x instanceof Uint8Array ? Uint8Array : Float32Array;
  const x = new Store((d.train.count + d.test.count) * size);
  x.set(d.train.x.subarray(0, d.train.count * size));
  x.set(d.test.x.subarray(0, d.test.count * size), d.train.count * size);
  const y = new Int32Array(d.train.count + d.test.count);
  y.set(d.train.y.subarray(0, d.train.count));
  y.set(d.test.y.subarray(0, d.test.count), d.train.count);
  return { x, y, count: y.length };
}

/**
 * Maps the model's output index to the dataset's label: by name when the model lists its classes, else by
 * position. Refuses when they cannot agree.
 */
export function labelMap(info: ModelInfo, outputs: number, d: Dataset): Int32Array {
  if (info.classes) {
    if (info.classes.length !== outputs)
      throw new Error(`the model lists ${info.classes.length} classes but outputs ${outputs} values per sample`);
    const map = Int32Array.from(info.classes, (c) => d.classes.indexOf(c));
    const unknown = info.classes.filter((_, i) => map[i] < 0);
    if (unknown.length === info.classes.length)
      throw new Error(
        `the model's classes (${info.classes.join(', ')}) are not the dataset's (${d.classes.join(', ')})`,
      );
    return map;
  }
  if (outputs !== d.classes.length)
    throw new Error(`the model outputs ${outputs} values per sample but ${d.id} has ${d.classes.length} classes`);
  return Int32Array.from(d.classes, (_, i) => i);
}

/** Loads the dataset at the model's input size and checks that it fits. */
export async function datasetForModel(ref: DatasetRef, info: ModelInfo): Promise<Dataset> {
  const [channels, height, width] = info.inputShape;
  const d = await loadDataset({ ...ref, channels, height, width });
  if (d.shape.join() !== info.inputShape.join()) {
    throw new Error(`${d.id} delivers ${d.shape.join('×')} images, the model takes ${info.inputShape.join('×')}`);
  }
  return d;
}

/** Accuracy and throughput of a model over a dataset split, on the provider asked for. */
export async function evaluateOnnx(
  model: string | Uint8Array,
  ref: DatasetRef,
  options: EvaluateOptions = {},
): Promise<OnnxEvaluation> {
  const bytes = await readModelBytes(model);
  const info = modelInfo(bytes);
  const d = await datasetForModel(ref, info);
  const split = splitOf(d, options.split ?? 'test');
  const run = await runOnSamples(bytes, split.x, split.count, options);
  const map = labelMap(info, run.outputSize, d);
  const predicted = argmaxRows(run.outputs, run.count, run.outputSize);
  let correct = 0;
  for (let i = 0; i < run.count; i++) if (map[predicted[i]] === split.y[i]) correct++;
  return {
    provider: run.provider,
    fallbackReason: run.fallbackReason,
    fallback: run.fallback,
    accuracy: run.count ? correct / run.count : 0,
    count: run.count,
    samplesPerSecond: run.samplesPerSecond,
  };
}

/** How many samples the engine recomputes for maxDiff (the engine is far slower than onnxruntime). */
const ENGINE_SAMPLES = 256;

/**
 * Runs the model and the engine on the same samples: the dataset's test split when one is given, else 64 random
 * images. maxDiff is over the first samples both ran; accuracy is against the labels, or — with no dataset —
 * the share of samples where the model and the engine pick the same class.
 */
export async function checkOnnx(
  path: string,
  document: GraphDocument,
  provider: Provider = 'auto',
  ref?: DatasetRef,
  options: { batchSize?: number } = {},
): Promise<OnnxCheckResult> {
  const bytes = await readModelBytes(path);
  const info = modelInfo(bytes);
  const a = analyze(document);
  if (a.errors.length) throw new Error(`the document has problems: ${a.errors.map((e) => e.message).join('; ')}`);
  const inputShape = a.nodes[a.inputId!].outputShape!;
  if (inputShape.join() !== info.inputShape.join())
    throw new Error(`the model takes ${info.inputShape.join('×')} images, the document ${inputShape.join('×')}`);
  const size = inputShape.reduce((p, q) => p * q, 1);

  let x: Pixels;
  let labels: Int32Array | null = null;
  let count: number;
  let d: Dataset | null = null;
  if (ref) {
    d = await datasetForModel(ref, info);
    ({ x, y: labels, count } = d.test);
  } else {
    count = 64;
    const rng = createRng(1);
    x = Float32Array.from({ length: count * size }, () => rng.next());
  }
  const run = await runOnSamples(bytes, x, count, { provider, batchSize: options.batchSize });
  const n = Math.min(count, ENGINE_SAMPLES);
  const engine = runGraph(document, exportWeights(document, a), samplesAsFloats(x, size, 0, n), n, a);
  let maxDiff = engine.data.length === n * run.outputSize ? 0 : Infinity;
  for (let i = 0; i < engine.data.length && maxDiff !== Infinity; i++)
    maxDiff = Math.max(maxDiff, Math.abs(engine.data[i] - run.outputs[i]));

  const predicted = argmaxRows(run.outputs, count, run.outputSize);
  let correct = 0;
  if (d && labels) {
    const map = labelMap(info, run.outputSize, d);
    for (let i = 0; i < count; i++) if (map[predicted[i]] === labels[i]) correct++;
  } else {
    const agree = argmaxRows(engine.data, n, run.outputSize);
    for (let i = 0; i < n; i++) if (agree[i] === predicted[i]) correct++;
    count = n;
  }
  return {
    provider: run.provider,
    fallbackReason: run.fallbackReason,
    fallback: run.fallback,
    maxDiff,
    accuracy: count ? correct / count : 0,
    count,
    samplesPerSecond: run.samplesPerSecond,
  };
}

type Req<C extends keyof ApiRequests> = ApiRequests[C]['req'];
type Res<C extends keyof ApiRequests> = Promise<ApiRequests[C]['res']>;

async function result<T extends object>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (e) {
    return { ok: false, error: (e as Error).message ?? String(e) };
  }
}

/** The OnnxPort of src/main/ipc/services.ts: every answer a Result, never a throw. */
export class OnnxService {
  exportOnnx(req: Req<'onnx:export'>): Res<'onnx:export'> {
    return result(() => exportOnnx(req.document, req.path));
  }

  importOnnx(req: Req<'onnx:import'>): Res<'onnx:import'> {
    return result(async () => ({ document: (await importOnnx(req.path)).document }));
  }

  checkOnnx(req: Req<'onnx:check'>): Res<'onnx:check'> {
    return result(() => checkOnnx(req.path, req.document, req.provider, req.dataset));
  }
}
