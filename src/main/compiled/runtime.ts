/**
 * The compiled backend's runtime: one onnxruntime session for the training step and one for evaluation (graph
 * optimizations on, intra-op threads = cores, provider chosen and reported by the ONNX service's openSession).
 * The weights live in JS typed arrays between steps: θ, the optimizer state and batch-norm running statistics
 * are fed every step and the step's outputs replace them. onnxruntime-node has no CUDA IO binding, so on a GPU
 * each step copies all of that to the device and back; `copyCost()` measures that share.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { GraphDocument } from '../../engine/document.js';
import {
  compileEvaluation,
  compileTrainingStep,
  type CompiledGraph,
  type CompiledLayout,
  type DropoutEntry,
  type GraphOptions,
} from '../../engine/compile/index.js';
import { sizeOf } from '../../engine/kernels/scratch.js';
import { getLayer } from '../../engine/registry.js';
import { createRng } from '../../engine/rng.js';
import type { OptimizerConfig } from '../../engine/train/optimizers.js';
import type { WeightMap } from '../../engine/weights.js';
import type { Provider } from '../../shared/api.js';
import type { FallbackMessage } from '../../shared/fallback.js';
import { openSession, type ConcreteProvider } from '../onnx/providers.js';

export interface CompiledTrainerOptions {
  optimizer: OptimizerConfig;
  provider?: Provider;
  threads?: number;
  /** Output every parameter's gradient from each step (parity tests). */
  gradients?: boolean;
  /** Seed of the dropout masks' rng; the engine's Model uses the run's seed (createRng(seed).next). */
  dropoutSeed?: number;
  /** Graph choices that do not change the numbers (compile.ts GraphOptions); the measured fastest unless given. */
  graph?: GraphOptions;
}

export interface StepResult {
  loss: number;
  correct: number;
  /** `${nodeId}.${name}` → gradient, when compiled with `gradients`. */
  gradients?: Record<string, Float32Array>;
}

export interface Timing {
  steps: number;
  /** Inside session.run (compute, plus host↔device copies on a GPU). */
  runMs: number;
  /** Preparing feeds in JS (labels, dropout masks). */
  feedMs: number;
}

/**
 * The feeds every compiled graph takes for `n` samples: the batch, the labels (int64) and θ; and, with `dropout`,
 * each dropout layer's mask from `masks` (at least n rows each).
 */
export function batchFeeds(
  shape: [number, number, number],
  x: Float32Array,
  labels: ArrayLike<number>,
  n: number,
  theta: Float32Array,
  dropout: Pick<DropoutEntry, 'input' | 'shape'>[] = [],
  masks: Float32Array[] = [],
): Record<string, ort.Tensor> {
  const [c, h, w] = shape;
  const y = new BigInt64Array(n);
  for (let i = 0; i < n; i++) y[i] = BigInt(labels[i]);
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', x.length === n * c * h * w ? x : x.subarray(0, n * c * h * w), [n, c, h, w]),
    labels: new ort.Tensor('int64', y, [n]),
    theta: new ort.Tensor('float32', theta, [theta.length]),
  };
  dropout.forEach(
    (d, i) =>
      (feeds[d.input] = new ort.Tensor(
        'float32',
        masks[i].length === n * sizeOf(d.shape) ? masks[i] : masks[i].subarray(0, n * sizeOf(d.shape)),
        [n, ...d.shape],
      )),
  );
  return feeds;
}

/**
 * The graph choices measured fastest (bench/train-compiled.ts, LeNet-5, batch 64, samples/s against the
 * hand-written peer in the same run): on the CPU provider with several intra-op threads, MaxPool indices with
 * the relu in place (14,606 against the peer's 14,016 on two threads; rank + MaxUnpool 14,202, the mask route
 * 12,960), whose Indices kernel parallelises better than the element-wise operators of the other routes; on one
 * thread, rank + MaxUnpool with the relu after the pool (14,608 against 14,643; the mask route 14,255, indices
 * 12,408); on GPUs the mask route, which needs no MaxUnpool (CUDA has none).
 */
export function graphDefaults(provider: string, threads: number): GraphOptions {
  if (provider !== 'cpu') return { maxPoolRoute: 'mask', fuseRelu: true };
  return threads > 1 ? { maxPoolRoute: 'indices', fuseRelu: false } : { maxPoolRoute: 'unpool', fuseRelu: true };
}

export class CompiledTrainer {
  readonly timing: Timing = { steps: 0, runMs: 0, feedMs: 0 };
  private optState: Float32Array[];
  private readonly state = new Map<string, Float32Array>();
  private readonly rng: () => number;
  private steps = 0;

  private constructor(
    readonly train: ort.InferenceSession,
    readonly evaluation: ort.InferenceSession,
    readonly compiled: CompiledGraph,
    readonly provider: ConcreteProvider,
    readonly fallbackReason: string | null,
    /** fallbackReason as codes with arguments. */
    readonly fallback: FallbackMessage[],
    private theta: Float32Array,
    private readonly options: CompiledTrainerOptions,
  ) {
    const layout = compiled.layout;
    this.optState = layout.optimizerState.map(() => new Float32Array(layout.thetaLength));
    this.rng = createRng(options.dropoutSeed ?? 1).next;
  }

  /** Compiles `doc` and opens both sessions; `weights` (node → tensor → values) gives θ and the running statistics. */
  static async create(
    doc: GraphDocument,
    weights: WeightMap,
    options: CompiledTrainerOptions,
  ): Promise<CompiledTrainer> {
    const threads = options.threads ?? availableParallelism();
    const compileFor = (provider: string) =>
      compileTrainingStep(doc, {
        ...graphDefaults(provider, threads),
        ...options.graph,
        optimizer: options.optimizer,
        gradients: options.gradients,
      });
    const requested = options.provider ?? 'auto';
    let compiled = compileFor(requested);
    let opened = await openSession(compiled.model, requested, { threads: options.threads });
    if (opened.provider === 'cpu' && requested !== 'cpu') {
      // A GPU request fell back: the CPU's choices are faster on the CPU.
      const { fallbackReason, fallback } = opened;
      await opened.session.release();
      compiled = compileFor('cpu');
      opened = {
        ...(await openSession(compiled.model, 'cpu', { threads: options.threads })),
        fallbackReason,
        fallback,
      };
    }
    const evalGraph = compileEvaluation(doc, options.graph);
    // Evaluation runs where training runs: the provider that actually started.
    const evalOpened = await openSession(evalGraph.model, opened.provider, { threads: options.threads });
    const theta = new Float32Array(compiled.layout.thetaLength);
    for (const p of compiled.layout.params) {
      const w = weights[p.nodeId]?.[p.name];
      if (!w || w.length !== p.length)
        throw new Error(`weights for ${p.nodeId}.${p.name} are missing or have the wrong size`);
      theta.set(w, p.offset);
    }
    const t = new CompiledTrainer(
      opened.session,
      evalOpened.session,
      compiled,
      opened.provider,
      opened.fallbackReason,
      opened.fallback,
      theta,
      options,
    );
    for (const s of compiled.layout.state) {
      const w = weights[s.nodeId]?.[s.name];
      if (!w) throw new Error(`weights for ${s.nodeId}.${s.name} are missing`);
      t.state.set(s.input, Float32Array.from(w));
    }
    return t;
  }

  get layout(): CompiledLayout {
    return this.compiled.layout;
  }

  /**
   * θ, flat in the layout's order: the live array that evaluate() and weights() read. The data-parallel step
   * (parallel.ts) updates it in place; step() replaces it with each step's output.
   */
  get parameters(): Float32Array {
    return this.theta;
  }

  /** The batch, labels, θ and running statistics; with `masks` (training), the dropout masks too. */
  private common(
    x: Float32Array,
    labels: ArrayLike<number>,
    n: number,
    masks?: Float32Array[],
  ): Record<string, ort.Tensor> {
    const feeds = batchFeeds(this.layout.inputShape, x, labels, n, this.theta, masks ? this.layout.dropout : [], masks);
    for (const s of this.layout.state) feeds[s.input] = new ort.Tensor('float32', this.state.get(s.input)!, s.shape);
    return feeds;
  }

  /**
   * The next step's dropout masks for `n` samples, one per dropout layer in the layout's order, [n, ...shape]
   * each, exactly as the engine draws them: its dropout forward, run on ones, in the network's order, from the
   * same seeded rng (each value kept when rng() ≥ rate, scaled by 1/(1 − rate)). The data-parallel step draws
   * them here for the whole batch and hands each thread its rows.
   */
  drawMasks(n: number): Float32Array[] {
    const def = getLayer('dropout')!;
    return this.layout.dropout.map((d) => {
      const ones = { shape: [n, ...d.shape], data: new Float32Array(n * sizeOf(d.shape)).fill(1) };
      return def.forward([ones], {}, { rate: d.rate }, { training: true, rng: this.rng }).output.data;
    });
  }

  /**
   * One training step on `n` samples. A non-finite loss leaves the weights and state as they were (the engine
   * checks the loss before its optimizer step), so the caller can stop with the last good weights.
   */
  async step(x: Float32Array, labels: ArrayLike<number>, n: number): Promise<StepResult> {
    const t0 = performance.now();
    const feeds = this.common(x, labels, n, this.drawMasks(n));
    const cfg = this.options.optimizer;
    const scalar = (v: number) => new ort.Tensor('float32', new Float32Array([v]), []);
    feeds.lr = scalar(cfg.lr);
    if (cfg.name === 'adam') {
      const t = this.steps + 1;
      feeds['adam.c1'] = scalar(1 - (cfg.beta1 ?? 0.9) ** t);
      feeds['adam.c2'] = scalar(1 - (cfg.beta2 ?? 0.999) ** t);
    }
    this.layout.optimizerState.forEach(
      (s, i) => (feeds[s.input] = new ort.Tensor('float32', this.optState[i], [this.theta.length])),
    );
    const t1 = performance.now();
    const out = await this.train.run(feeds);
    const t2 = performance.now();
    this.timing.steps++;
    this.timing.feedMs += t1 - t0;
    this.timing.runMs += t2 - t1;
    const loss = (out.loss.data as Float32Array)[0];
    const correct = Math.round((out.correct.data as Float32Array)[0]);
    const result: StepResult = { loss, correct };
    if (this.options.gradients) {
      result.gradients = {};
      for (const [key, name] of Object.entries(this.layout.gradients))
        result.gradients[key] = out[name].data as Float32Array;
    }
    if (!Number.isFinite(loss)) return result;
    this.steps++;
    this.theta = out['theta.next'].data as Float32Array;
    this.layout.optimizerState.forEach((s, i) => (this.optState[i] = out[s.output].data as Float32Array));
    for (const s of this.layout.state) this.state.set(s.input, out[s.output].data as Float32Array);
    return result;
  }

  /**
   * Forward in evaluation mode on `n` samples: mean loss, correct count, the output layer's values and the
   * logits, [n, classes].
   */
  async evaluate(
    x: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): Promise<{ loss: number; correct: number; output: Float32Array; logits: Float32Array }> {
    const out = await this.evaluation.run(this.common(x, labels, n));
    return {
      loss: (out.loss.data as Float32Array)[0],
      correct: Math.round((out.correct.data as Float32Array)[0]),
      output: out.output.data as Float32Array,
      logits: out.logits.data as Float32Array,
    };
  }

  /** The current weights and running statistics, node → tensor → values (copies). */
  weights(): WeightMap {
    const out: WeightMap = {};
    for (const p of this.layout.params)
      (out[p.nodeId] ??= {})[p.name] = this.theta.slice(p.offset, p.offset + p.length);
    for (const s of this.layout.state) (out[s.nodeId] ??= {})[s.name] = this.state.get(s.input)!.slice();
    return out;
  }

  /** Optimizer updates taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * What one step's transfers cost on this provider: a graph that takes the step's inputs and returns θ, the
   * optimizer state and the running statistics negated (copyProbe.ts), run on the same provider, timed over
   * `repeats` runs. On the CPU provider it is about a memcpy; on CUDA every input crosses to the device and every
   * output back, as in a step.
   */
  async copyCost(batch: number, repeats = 20): Promise<{ ms: number; bytes: number }> {
    const { copyProbe } = await import('./copyProbe.js');
    return copyProbe(this.layout, this.provider, batch, repeats, this.options.threads);
  }

  async release(): Promise<void> {
    await this.train.release();
    await this.evaluation.release();
  }
}
