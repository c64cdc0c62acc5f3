/**
 * A GraphDocument compiled into a runnable classifier: the connected subgraph from the single input to the
 * single output, run in topological order, with gradients of fan-out nodes summed over their consumers.
 *
 * The loss is softmax cross-entropy on the output layer's pre-softmax values ("logits"), fused and numerically
 * stable (src/engine/loss.ts). So the output layer runs with its softmax switched off: a layer whose
 * `activation` param is softmax runs with 'linear', a softmax `activation` node runs as identity. When the
 * output layer does not end in softmax (say linear or relu), its output is still taken as the logits and
 * trained with softmax cross-entropy; `predict` then applies the softmax, so probabilities always sum to 1.
 */
import type { Analysis } from '../analyze.js';
import { softmaxInPlace } from '../kernels/activation.js';
import { softmaxCrossEntropy } from '../loss.js';
import { getLayer } from '../registry.js';
import { createRng } from '../rng.js';
import type { ForwardContext, LayerDef, Params, Tensor } from '../types.js';
import type { WeightMap } from '../weights.js';
import type { GraphDocument } from '../document.js';
import type { ParamSlot } from './optimizers.js';

interface Step {
  id: string;
  def: LayerDef;
  params: Params;
  /** Indices into the step list of this step's inputs; −1 is the network's input. */
  inputs: number[];
  /** How many later steps read this step's output (its gradient is the sum of theirs). */
  consumers: number;
  /** Per input, whether its gradient is wanted (false for the network's input). */
  needInput: boolean[];
}

export interface LossResult {
  /** Mean cross-entropy over the samples. */
  loss: number;
  /** Samples whose largest logit is the label. */
  correct: number;
}

export class Model {
  readonly inputShape: number[];
  readonly classes: number;
  readonly outputId: string;
  readonly steps: Step[] = [];
  /** node → tensor → values. Weights may live in SharedArrayBuffers (data-parallel workers share them). */
  readonly weights: WeightMap;
  /** Same layout as the weights, trainable tensors only (state such as running statistics has none). */
  readonly grads: WeightMap = {};
  readonly slots: ParamSlot[] = [];
  private readonly ctx: ForwardContext;
  private caches: unknown[] = [];
  private outputs: Tensor[] = [];

  /** `analysis` must be of `doc` and free of errors; use checkTrainable first for messages. */
  constructor(
    doc: GraphDocument,
    analysis: Analysis,
    weights: WeightMap,
    options: { dropoutSeed?: number; grads?: WeightMap } = {},
  ) {
    const inputId = analysis.inputId!;
    this.outputId = analysis.outputIds[0];
    this.inputShape = analysis.nodes[inputId].outputShape!;
    this.classes = analysis.nodes[this.outputId].outputShape![0];
    this.weights = weights;
    const rng = createRng(options.dropoutSeed ?? 1);
    this.ctx = { training: false, rng: rng.next };

    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const index = new Map<string, number>([[inputId, -1]]);
    for (const id of analysis.order) {
      const info = analysis.nodes[id];
      if (id === inputId || !info.connected) continue;
      const node = byId.get(id)!;
      const def = getLayer(node.kind)!;
      const inputs = doc.edges.filter((e) => e.target === id).map((e) => index.get(e.source)!);
      let params = node.params;
      if (id === this.outputId) {
        if (params.activation === 'softmax') params = { ...params, activation: 'linear' };
        if (node.kind === 'activation' && params.fn === 'softmax') params = { ...params, fn: 'linear' };
      }
      index.set(id, this.steps.length);
      for (const i of inputs) if (i >= 0) this.steps[i].consumers++;
      this.steps.push({ id, def, params, inputs, consumers: 0, needInput: inputs.map((i) => i >= 0) });
      for (const spec of info.tensors) {
        if (spec.role === 'state') continue;
        const value = weights[id]?.[spec.name];
        if (!value) throw new Error(`weights for ${id}.${spec.name} are missing`);
        this.grads[id] ??= {};
        const grad = options.grads?.[id]?.[spec.name] ?? new Float32Array(value.length);
        this.grads[id][spec.name] = grad;
        this.slots.push({
          name: `${id}.${spec.name}`,
          value,
          grad,
          decay: spec.role === 'weight' && node.kind !== 'batchNorm',
        });
      }
    }
  }

  /** Runs the network on `n` samples of `x` (NCHW or [N, units]); returns the logits [n, classes]. */
  forward(x: Float32Array, n: number, training: boolean): Tensor {
    this.ctx.training = training;
    const input: Tensor = { shape: [n, ...this.inputShape], data: x };
    const outputs: Tensor[] = [];
    const caches: unknown[] = [];
    for (const s of this.steps) {
      const ins = s.inputs.map((i) => (i < 0 ? input : outputs[i]));
      const { output, cache } = s.def.forward(ins, this.weights[s.id] ?? {}, s.params, this.ctx);
      outputs.push(output);
      caches.push(training ? cache : null);
    }
    // Only a training forward keeps what the backward needs; evaluation lets it all go.
    this.outputs = training ? outputs : [];
    this.caches = caches;
    return outputs[outputs.length - 1];
  }

  /** Backpropagates dLogits through the last training forward, adding parameter gradients into `grads`. */
  backward(dLogits: Tensor): void {
    if (this.outputs.length !== this.steps.length) throw new Error('backward needs a training forward first');
    const dOut: (Tensor | null)[] = this.steps.map(() => null);
    dOut[this.steps.length - 1] = dLogits;
    for (let k = this.steps.length - 1; k >= 0; k--) {
      const s = this.steps[k];
      const d = dOut[k];
      dOut[k] = null;
      if (!d) continue; // a branch that does not reach the output
      // The network's own input needs no gradient: layers reading it skip that work (about a tenth of a LeNet step).
      const dIns = s.def.backward(
        d,
        this.caches[k],
        this.weights[s.id] ?? {},
        s.params,
        this.grads[s.id] ?? {},
        s.needInput,
      );
      s.inputs.forEach((i, j) => {
        if (i < 0) return;
        const prev = dOut[i];
        if (!prev) {
          // Fan-out: the first consumer's gradient is copied only when others will add to it.
          dOut[i] = this.steps[i].consumers > 1 ? { shape: dIns[j].shape, data: dIns[j].data.slice() } : dIns[j];
        } else {
          const a = prev.data;
          const b = dIns[j].data;
          for (let q = 0; q < a.length; q++) a[q] += b[q];
        }
      });
    }
    this.caches = [];
    this.outputs = [];
  }

  zeroGrads(): void {
    for (const s of this.slots) s.grad.fill(0);
  }

  /**
   * One training forward and backward on `n` samples. Gradients are added into `grads` scaled by
   * `gradScale` (data-parallel workers pass their share of the whole batch, n / N, so the sum over workers is
   * the gradient of the whole batch's mean loss).
   */
  lossAndGrads(x: Float32Array, labels: Int32Array, n: number, gradScale = 1): LossResult {
    const logits = this.forward(x, n, true);
    const { loss, correct, dLogits } = softmaxCrossEntropy(logits, labels);
    if (gradScale !== 1) for (let i = 0; i < dLogits.data.length; i++) dLogits.data[i] *= gradScale;
    this.backward(dLogits);
    return { loss, correct };
  }

  /** Class probabilities [n, classes] (evaluation mode: no dropout, batch-norm running statistics). */
  predict(x: Float32Array, n: number): Float32Array {
    const logits = this.forward(x, n, false);
    const p = logits.data.slice();
    softmaxInPlace(p, [n, this.classes]);
    return p;
  }
}
