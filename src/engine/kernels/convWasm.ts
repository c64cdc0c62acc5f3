/**
 * The conv layer's patch machinery on the SIMD core: the padded image, its gradient and the patch tables live in
 * the kernel's memory, and the packers/store run the WebAssembly versions (wasmPatch.ts) whenever the GEMM hands
 * them its own B panels or product block; on the scalar core's buffers they fall back to the JS ones (convPack.ts)
 * over the same views.
 */
import { col2imStore, patchPacker, patchTransposedPacker, type PatchTables } from './convPack.js';
import { B_PTR, C_PTR, FREE_PTR, simdAvailable, simdWorkspace } from './gemmSimd.js';
import { gemmBackend } from './gemm.js';
import type { Packer, Store } from './pack.js';

export interface ConvWorkspace {
  /** The padded image (fill with padImage) and the padded input gradient (zero it, then unpadAdd). */
  xp: Float32Array;
  dxp: Float32Array;
  /** op(B) = patches of xp; op(B) = patchesᵀ of xp; store folding a patch-shaped product onto dxp. */
  patches: Packer;
  patchesT: Packer;
  col2im: Store;
}

const align = (n: number) => Math.ceil(n / 16) * 16;

/** A workspace for one layer call; null where the SIMD core is not in use (the caller then uses convPack). */
export function convWorkspace(t: PatchTables): ConvWorkspace | null {
  if (gemmBackend() !== 'simd' || !simdAvailable()) return null;
  const img = t.c * t.hp * t.wp;
  const xpPtr = FREE_PTR;
  const dxpPtr = xpPtr + align(img * 4);
  const posPtr = dxpPtr + align(img * 4);
  const elemPtr = posPtr + align(t.pos.length * 4);
  const runPtr = elemPtr + align(t.elem.length * 4);
  const end = runPtr + align(t.run.length * 4);
  const { kernel, bView, cView } = simdWorkspace(end - FREE_PTR);
  const buf = kernel.memory.buffer;
  new Int32Array(buf, posPtr, t.pos.length).set(t.pos);
  new Int32Array(buf, elemPtr, t.elem.length).set(t.elem);
  new Int32Array(buf, runPtr, t.run.length).set(t.run);
  const xp = new Float32Array(buf, xpPtr, img);
  const dxp = new Float32Array(buf, dxpPtr, img);
  const { packPatches, packPatchesT, col2imAdd } = kernel.fns;
  const jsPatches = patchPacker(xp, t);
  const jsPatchesT = patchTransposedPacker(xp, t);
  const jsCol2im = col2imStore(dxp, t);
  return {
    xp,
    dxp,
    patches: (dst, r, j0, cols, k0, kc) => {
      if (dst === bView) packPatches(B_PTR, xpPtr, posPtr, elemPtr, runPtr, j0, cols, k0, kc);
      else jsPatches(dst, r, j0, cols, k0, kc);
    },
    patchesT: (dst, r, n0, rows, k0, kc) => {
      if (dst === bView) packPatchesT(B_PTR, xpPtr, posPtr, elemPtr, n0, rows, k0, kc);
      else jsPatchesT(dst, r, n0, rows, k0, kc);
    },
    col2im: (blk, ldc, i0, mc, j0, nc, first) => {
      if (blk === cView) col2imAdd(C_PTR, ldc * 4, i0, mc, j0, nc, dxpPtr, posPtr, elemPtr);
      else jsCol2im(blk, ldc, i0, mc, j0, nc, first);
    },
  };
}
