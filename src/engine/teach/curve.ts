/**
 * The classic curve-detector example (A. Deshpande, "A Beginner's Guide To Understanding Convolutional Neural
 * Networks", 2016): a 7×7 filter with 30 along a curve, and a drawing with two 7×7 regions. Over the region that
 * holds the same curve the products sum to (50·30)·4 + (20·30) = 6600; over the region whose strokes fall
 * where the filter is 0, the sum is 0. CNN layers compute this as cross-correlation (no kernel flip).
 */

export const CURVE_FILTER: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 30, 0],
  [0, 0, 0, 0, 30, 0, 0],
  [0, 0, 0, 30, 0, 0, 0],
  [0, 0, 0, 30, 0, 0, 0],
  [0, 0, 0, 30, 0, 0, 0],
  [0, 0, 0, 30, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0],
];

const MATCH: number[][] = [
  [0, 0, 0, 0, 0, 0, 30],
  [0, 0, 0, 0, 50, 50, 50],
  [0, 0, 0, 20, 50, 0, 0],
  [0, 0, 0, 50, 50, 0, 0],
  [0, 0, 0, 50, 0, 0, 0],
  [0, 0, 0, 50, 0, 0, 0],
  [0, 0, 0, 50, 0, 0, 0],
];

/** Strokes (a mouse's back, in the original) that miss every non-zero filter weight. */
const EMPTY: number[][] = [
  [0, 0, 0, 0, 0, 0, 0],
  [40, 0, 0, 0, 0, 0, 0],
  [40, 40, 20, 0, 0, 0, 0],
  [0, 0, 40, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 40, 40],
  [0, 0, 0, 0, 0, 0, 40],
  [50, 50, 50, 50, 50, 50, 50],
];

const GAP = 3;

/** 7 rows × 17 columns: the matching region at column 0, the empty one at column 10. */
export const CURVE_DRAWING: readonly (readonly number[])[] = MATCH.map((r, i) => [
  ...r,
  ...new Array<number>(GAP).fill(0),
  ...EMPTY[i],
]);

export interface CurveRegion {
  id: 'match' | 'empty';
  y: number;
  x: number;
  sum: number;
}

export const CURVE_REGIONS: readonly CurveRegion[] = [
  { id: 'match', y: 0, x: 0, sum: 6600 },
  { id: 'empty', y: 0, x: 7 + GAP, sum: 0 },
];

export interface StepResult {
  /** Element-wise products, kh × kw, of the kernel and the patch under it (positions outside count as 0). */
  products: number[][];
  patch: number[][];
  sum: number;
}

/** One step of the kernel walk: the patch at top-left (y, x), its products with the kernel (no flip), their sum. */
export function stepAt(
  image: readonly (readonly number[])[],
  kernel: readonly (readonly number[])[],
  y: number,
  x: number,
): StepResult {
  const patch = kernel.map((row, i) => row.map((_, j) => image[y + i]?.[x + j] ?? 0));
  const products = kernel.map((row, i) => row.map((k, j) => k * patch[i][j]));
  const sum = products.flat().reduce((a, b) => a + b, 0);
  return { products, patch, sum };
}
