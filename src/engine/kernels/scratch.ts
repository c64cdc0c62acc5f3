/**
 * Reusable work buffers (padded images, activation gradients, locally-connected patch matrices), so a training
 * step allocates them once rather than per batch. Each slot is owned by one kernel stage; a layer's forward or
 * backward finishes with its slots before the next layer runs, so layers can share them. Workers have their own
 * module instances.
 */
const slots = new Map<string, Float32Array>();

/** A buffer of exactly `size` floats with undefined contents, valid until the next call for the same slot. */
export function scratch(slot: string, size: number): Float32Array {
  let buf = slots.get(slot);
  if (!buf || buf.length < size) {
    buf = new Float32Array(Math.max(size, buf ? buf.length * 1.5 : 0) | 0);
    slots.set(slot, buf);
  }
  return buf.length === size ? buf : buf.subarray(0, size);
}

/** Bytes each slot holds now: what the work buffers really occupy (tests/memory-estimate.test.ts). */
export function scratchBytes(): Record<string, number> {
  return Object.fromEntries([...slots].map(([slot, buf]) => [slot, buf.byteLength]));
}

/** Lets every slot go (the next call of each allocates afresh). */
export function clearScratch(): void {
  slots.clear();
}

/**
 * The largest patch matrix built at once (floats): locally-connected layers process their batch in chunks of
 * samples below it. (conv2d builds none: it packs patches straight into the GEMM, see convPack.ts.)
 */
export const COL_LIMIT = 1 << 22;

/** How many samples of `perSample` floats fit in COL_LIMIT (at least one). */
export function chunkOf(n: number, perSample: number): number {
  return Math.max(1, Math.min(n, Math.floor(COL_LIMIT / Math.max(1, perSample))));
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
