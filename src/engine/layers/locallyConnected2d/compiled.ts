/**
 * locallyConnected2d in the compiled graph, by the export's decomposition and its transpose.
 *
 * Forward (P = oH·oW positions, K = C·kh·kw patch length, W is [P, K, F], b is [F, oH, oW]):
 *   1. patches = Conv(X, E) with group = C and E a constant one-hot kernel [K, 1, kh, kw]: output channel
 *      c·kh·kw + i·kw + j of group c copies pixel (i, j) of its window — the (c, i, j) order of W's patch axis;
 *   2. [N, K, oH, oW] → [N, K, P] → Transpose → [P, N, K]; MatMul batched over P with W → [P, N, F];
 *   3. Transpose → [N, F, P] → [N, F, oH, oW], plus b.
 * Backward, the same steps transposed, with Z_p = patches_p · W_p:
 *   dW_p = (dZ_pᵀ · patches_p)ᵀ;  dPatches_p = dZ_p · W_pᵀ;  db = Σ_N dZ;
 *   dX = ConvTranspose(dPatches, E) with group = C, the adjoint of the patch extraction (each patch value is
 *   added back onto the pixel it was copied from).
 */
import { onnxPads } from '../geometry.js';
import { activationForward } from '../../compile/activations.js';
import { convWindowOf, outputPadding } from '../conv2d/compiled.js';
import { patchKernels } from './onnx.js';
import { preGradient, type KindEmitter, type LayerCtx } from '../../compile/kinds.js';
import { activationOf } from '../specs.js';

function geometry(c: LayerCtx) {
  const win = convWindowOf(c);
  const [ch, h, w] = c.info.inputShapes[0];
  const [kh, kw] = win.kernel;
  const f = c.info.outputShape![0];
  return { win, ch, h, w, kh, kw, f, K: ch * kh * kw, P: win.out[0] * win.out[1] };
}

export const locallyConnectedEmitter: KindEmitter = {
  forward(c, [x]) {
    const e = c.e;
    const g = geometry(c);
    const kernel = e.floats(`${c.id}/patchkernel`, [g.K, 1, g.kh, g.kw], patchKernels(g.ch, g.kh, g.kw));
    const attrs = { kernel_shape: [g.kh, g.kw], strides: [...g.win.stride], pads: onnxPads(g.win), group: g.ch };
    const patches = e.op('Conv', [x, kernel], `${c.id}/patches`, attrs);
    const patchesP = e.transpose(e.reshape(patches, [-1, g.K, g.P], `${c.id}/patches3`), [2, 0, 1], `${c.id}/patchesP`);
    const zP = e.op('MatMul', [patchesP, c.tensor('W')], `${c.id}/zP`);
    let z = e.reshape(e.transpose(zP, [1, 2, 0], `${c.id}/zNFP`), [-1, g.f, ...g.win.out], `${c.id}/z`);
    if (c.info.tensors.some((t) => t.name === 'b')) z = e.add(z, c.tensor('b'), `${c.id}/pre`);
    const act = activationOf(c.params);
    return { output: activationForward(e, act, z, c.id), pre: z, saved: { patchesP, kernel } };
  },
  backward(c, a) {
    const e = c.e;
    const g = geometry(c);
    const dz = preGradient(c, a);
    if (c.info.tensors.some((t) => t.name === 'b')) a.grad('b', e.reduceSum(dz, [0], `${c.id}/db`));
    const dz3 = e.reshape(dz, [-1, g.f, g.P], `${c.id}/dz3`);
    const dzP = e.transpose(dz3, [2, 0, 1], `${c.id}/dzP`);
    // dW_pᵀ = dZ_pᵀ · patches_p, then a transpose of the small [P, F, K] result: transposing the patches
    // themselves ([P, N, K] → [P, K, N]) is a slow permutation in onnxruntime (45 ms against 2 ms per layer of
    // examples/lc-stack.json at batch 64).
    const dzPT = e.transpose(dz3, [2, 1, 0], `${c.id}/dzPT`);
    const dWT = e.op('MatMul', [dzPT, a.fwd.saved.patchesP], `${c.id}/dWT`);
    a.grad('W', e.transpose(dWT, [0, 2, 1], `${c.id}/dW`));
    if (!a.needDx[0]) return [null];
    const wT = e.transpose(c.tensor('W'), [0, 2, 1], `${c.id}/WT`);
    const dPatchesP = e.op('MatMul', [dzP, wT], `${c.id}/dpatchesP`);
    const dPatches = e.reshape(
      e.transpose(dPatchesP, [1, 2, 0], `${c.id}/dpatchesNKP`),
      [-1, g.K, ...g.win.out],
      `${c.id}/dpatches`,
    );
    const dx = e.op('ConvTranspose', [dPatches, a.fwd.saved.kernel], `${c.id}/dx`, {
      kernel_shape: [g.kh, g.kw],
      strides: [...g.win.stride],
      pads: onnxPads(g.win),
      output_padding: outputPadding(g.win, g.h, g.w),
      group: g.ch,
    });
    return [dx];
  },
};
