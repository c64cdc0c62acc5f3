/** The pooling view's fixed 6×6 feature map: small integers from a seeded RNG, so ties and winners are easy to read. */
import { createRng } from '../../engine/rng.ts';

export const POOL_MAP_SIZE = 6;

export const POOL_MAP: number[] = (() => {
  const rng = createRng(7);
  return Array.from({ length: POOL_MAP_SIZE * POOL_MAP_SIZE }, () => Math.floor(rng.next() * 10));
})();
