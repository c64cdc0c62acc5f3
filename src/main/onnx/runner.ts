/**
 * Running an ONNX model: one batch (`runModel`), or a whole dataset split in batches with accuracy and
 * throughput (`runOnSamples`). What a model expects — input size, class labels — is read from the model itself
 * (graph input shape, Convas' metadata_props), so any ONNX classifier over [N, C, H, W] images can be run.
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { samplesAsFloats, type Pixels } from '../../engine/datasets/types.ts';
import { decodeModel, metadataOf, valueInfoShape } from '../../engine/onnx/builder.ts';
import { sizeOf } from '../../engine/kernels/scratch.ts';
import { META } from '../../engine/onnx/export.ts';
import type { Provider } from '../../shared/api.ts';
import type { FallbackMessage } from '../../shared/fallback.ts';
import { openSession, type ConcreteProvider } from './providers.ts';

export interface ModelInfo {
  inputName: string;
  outputName: string;
  /** [C, H, W] of one sample. */
  inputShape: [number, number, number];
  /** Values per sample in the output. */
  outputSize: number | null;
  classes: string[] | null;
  name: string | null;
}

export async function readModelBytes(model: string | Uint8Array): Promise<Uint8Array> {
  if (typeof model !== 'string') return model;
  try {
    return new Uint8Array(await readFile(model));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `${model}: no such file` : `${model}: cannot be read (${code ?? (e as Error).message})`,
    );
  }
}

/** Input size, output size and class labels, from the model's graph and metadata. */
export function modelInfo(bytes: Uint8Array): ModelInfo {
  const model = decodeModel(bytes);
  const g = model.graph!;
  const initializers = new Set((g.initializer ?? []).map((t) => t.name));
  const inputs = (g.input ?? []).filter((v) => !initializers.has(v.name));
  if (inputs.length !== 1)
    throw new Error(`the model has ${inputs.length} inputs; Convas runs models with one image input`);
  const shape = valueInfoShape(inputs[0]);
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => typeof d !== 'number')) {
    throw new Error(
      `the model's input "${inputs[0].name}" is [${(shape ?? []).join(', ')}]; ` +
        `Convas runs models over images [N, C, H, W]`,
    );
  }
  const outShape = g.output?.[0] ? valueInfoShape(g.output[0]) : null;
  const outputSize =
    outShape && outShape.slice(1).every((d) => typeof d === 'number') ? sizeOf(outShape.slice(1) as number[]) : null;
  const meta = metadataOf(model);
  let classes: string[] | null = null;
  try {
    const parsed = meta[META.classes] ? (JSON.parse(meta[META.classes]) as unknown) : null;
    if (Array.isArray(parsed) && parsed.every((c) => typeof c === 'string')) classes = parsed;
  } catch {
    classes = null;
  }
  return {
    inputName: inputs[0].name ?? 'input',
    outputName: g.output?.[0]?.name ?? 'output',
    inputShape: shape.slice(1) as [number, number, number],
    outputSize,
    classes,
    name: meta[META.name] ?? (g.name || null),
  };
}

export interface RunOptions {
  provider?: Provider;
  threads?: number;
}

export interface RunResult {
  output: { data: Float32Array; dims: number[] };
  provider: ConcreteProvider;
  fallbackReason: string | null;
  fallback: FallbackMessage[];
}

/** Runs the model once on `input` ([N, C, H, W] float32). */
export async function runModel(
  model: string | Uint8Array,
  input: { data: Float32Array; dims: number[] },
  options: RunOptions = {},
): Promise<RunResult> {
  const bytes = await readModelBytes(model);
  const info = modelInfo(bytes);
  const { session, provider, fallbackReason, fallback } = await openSession(bytes, options.provider ?? 'auto', {
    threads: options.threads,
  });
  try {
    const out = await session.run({ [info.inputName]: floatTensor(input.data, input.dims) });
    const y = out[info.outputName];
    const output = { data: (y.data as Float32Array).slice(), dims: [...y.dims] };
    return { output, provider, fallbackReason, fallback };
  } finally {
    await session.release();
  }
}

export interface SamplesRun {
  provider: ConcreteProvider;
  fallbackReason: string | null;
  fallback: FallbackMessage[];
  /** Model outputs, [count, outputSize]. */
  outputs: Float32Array;
  outputSize: number;
  count: number;
  /** Samples per second over the session.run calls alone (not the model load). */
  samplesPerSecond: number;
}

/**
 * A float32 tensor for onnxruntime-node, which refuses views of a SharedArrayBuffer ("Invalid argument"); the
 * datasets live in shared memory so training threads can read them without copies, so such views are copied.
 */
export function floatTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data.buffer instanceof SharedArrayBuffer ? data.slice() : data, dims);
}

/** Runs `count` samples of `x` (CHW each) through the model, `batchSize` at a time. */
export async function runOnSamples(
  model: string | Uint8Array,
  x: Pixels,
  count: number,
  options: RunOptions & { batchSize?: number } = {},
): Promise<SamplesRun> {
  const bytes = await readModelBytes(model);
  const info = modelInfo(bytes);
  const size = sizeOf(info.inputShape);
  if (x.length < count * size)
    throw new Error(`expected ${count} samples of ${info.inputShape.join('×')}, got ${x.length} values`);
  const batch = Math.max(1, options.batchSize ?? 256);
  const { session, provider, fallbackReason, fallback } = await openSession(bytes, options.provider ?? 'auto', {
    threads: options.threads,
  });
  try {
    let outputs: Float32Array | null = null;
    let outputSize = info.outputSize ?? 0;
    let seconds = 0;
    // One untimed batch first: GPU providers pick kernels and allocate on their first run.
    if (count > 0)
      await session.run({
        [info.inputName]: floatTensor(samplesAsFloats(x, size, 0, Math.min(batch, count)), [
          Math.min(batch, count),
          ...info.inputShape,
        ]),
      });
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      // Bytes become float32 in [0, 1] one batch at a time, as training draws them.
      const tensor = floatTensor(
        x instanceof Float32Array ? x.subarray(start * size, (start + n) * size) : samplesAsFloats(x, size, start, n),
        [n, ...info.inputShape],
      );
      const t0 = performance.now();
      const out = await session.run({ [info.inputName]: tensor });
      seconds += (performance.now() - t0) / 1000;
      const y = out[info.outputName].data as Float32Array;
      if (!outputs) {
        outputSize = y.length / n;
        outputs = new Float32Array(count * outputSize);
      }
      outputs.set(y, start * outputSize);
    }
    return {
      provider,
      fallbackReason,
      fallback,
      outputs: outputs ?? new Float32Array(0),
      outputSize,
      count,
      samplesPerSecond: seconds > 0 ? count / seconds : 0,
    };
  } finally {
    await session.release();
  }
}

/** Index of the largest value in each row. */
export function argmaxRows(values: Float32Array, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}
