/**
 * dropout: inverted dropout while training (kept values scaled by 1/(1 − rate)); the identity at evaluation.
 * An ONNX export writes no operator for it (the identity) and lists it in the model's metadata, so an import of a
 * Convas model puts it back (onnx/export.ts, onnx/import.ts); an ONNX Dropout node imports as one. In the compiled
 * graph: Y = X ⊙ mask, mask ∈ {0, 1/(1 − rate)} fed by the runtime from the engine's seeded rng (so both backends
 * drop the same values); the identity when evaluating or when rate = 0.
 */
import type { Forward, KindEmitter } from '../compile/kinds.js';
import { ImportError, out0 } from '../onnx/importContext.js';
import { msg } from '../messages.js';
import type { LayerKind } from './kind.js';
import { pyFloat, type PytorchEmitter } from '../pytorch/emit.js';

/** The per-element scale the forward applied: 0 (dropped) or 1/(1 − rate) (kept); null at evaluation. */
interface DropoutCache {
  scale: Float32Array | null;
}

const dropoutEmitter: KindEmitter = {
  forward(c, [x]): Forward {
    if (!c.training || !((c.params.rate as number) > 0)) return { output: x, saved: {} };
    const mask = c.dropoutMask();
    return { output: c.e.mul(x, mask, c.id), saved: { mask } };
  },
  backward(c, a) {
    if (!a.needDx[0]) return [null];
    return [a.fwd.saved.mask ? c.e.mul(a.dy, a.fwd.saved.mask, `${c.id}/dx`) : a.dy];
  },
};

/** Inverted dropout, as Convas: kept values are scaled by 1/(1 − rate) while training; the identity in eval(). */
const dropoutPy: PytorchEmitter = (ctx) => ({
  init: [`self.${ctx.name} = nn.Dropout(${pyFloat((ctx.params.rate as number | undefined) ?? 0.5)})`],
  forward: [`${ctx.name} = self.${ctx.name}(${ctx.inputs[0]})`],
  tensors: [],
});

export const dropout: LayerKind<DropoutCache> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'Regularisation',
  description: 'While training, zeroes a random share of values so the network cannot rely on any one of them.',
  params: [{ name: 'rate', label: 'Rate', type: 'float', min: 0, max: 1, maxExclusive: true, default: 0.5 }],
  inputs: { min: 1, max: 1 },
  summarize: (p) => [msg('summary.rate', { rate: p.rate as number })],
  inferShape: (inputs) => [...inputs[0]],
  tensors: () => [],
  macs: () => 0,
  receptiveField: (inputs) => inputs[0],
  /** Each value is kept when ctx.rng() ≥ rate, in storage order, so a seeded rng gives the same mask. */
  forward([x], _w, p, ctx) {
    const rate = (p.rate as number | undefined) ?? 0.5;
    if (!ctx.training || rate <= 0) return { output: x, cache: { scale: null } };
    const keep = 1 / (1 - rate);
    const scale = new Float32Array(x.data.length);
    const y = new Float32Array(x.data.length);
    for (let i = 0; i < y.length; i++) {
      if (ctx.rng() >= rate) {
        scale[i] = keep;
        y[i] = x.data[i] * keep;
      }
    }
    return { output: { shape: [...x.shape], data: y }, cache: { scale } };
  },
  backward(dOut, { scale }) {
    if (!scale) return [dOut];
    const dx = new Float32Array(dOut.data.length);
    for (let i = 0; i < dx.length; i++) dx[i] = dOut.data[i] * scale[i];
    return [{ shape: [...dOut.shape], data: dx }];
  },
  onnx: {
    export: 'identity',
    import: {
      Dropout(c, node) {
        const x = c.source(node, 0);
        const mask = node.output?.[1];
        if (mask && (c.consumers.get(mask)?.length || c.graphOutputs.has(mask)))
          throw new ImportError(`${c.label(node)}: its mask output is used; Convas dropout has none`);
        let rate = 0.5;
        if (c.opset < 12) rate = (c.attrs(node).ratio as number | undefined) ?? 0.5;
        else if (c.isConst(node.input?.[1])) rate = c.constFloat(node, 1, 'ratio').data[0];
        if (!(rate >= 0 && rate < 1))
          throw new ImportError(`${c.label(node)}: ratio ${rate} — a dropout rate must be in [0, 1)`);
        c.add(c.uniqueId(node.name, 'dropout'), 'dropout', { rate }, [x], out0(node));
      },
    },
  },
  compiled: dropoutEmitter,
  pytorch: dropoutPy,
};
