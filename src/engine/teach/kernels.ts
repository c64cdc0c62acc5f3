/**
 * The classic named kernels of image processing (Wikipedia, "Kernel (image processing)"; Sobel and Prewitt as
 * in their Wikipedia articles, written for true convolution). `values[i][j]` is `numerators[i][j] / divisor`.
 * Names and descriptions are i18n keys in the renderer's `teach` namespace; `name` is the English fallback
 * the CLI uses.
 */
import { kernelFromRows, type Kernel2D } from './convolve.js';

export interface NamedKernel {
  id: string;
  /** English name, for the CLI and messages. */
  name: string;
  nameKey: string;
  descriptionKey: string;
  numerators: number[][];
  divisor: number;
  values: number[][];
}

function named(id: string, name: string, numerators: number[][], divisor = 1): NamedKernel {
  return {
    id,
    name,
    nameKey: `kernels.${id}.name`,
    descriptionKey: `kernels.${id}.description`,
    numerators,
    divisor,
    values: numerators.map((r) => r.map((v) => v / divisor)),
  };
}

const row5 = [1, 4, 6, 4, 1];

export const KERNELS: readonly NamedKernel[] = [
  named('identity', 'Identity', [
    [0, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
  ]),
  named('edge1', 'Edge detection 1', [
    [1, 0, -1],
    [0, 0, 0],
    [-1, 0, 1],
  ]),
  named('edge2', 'Edge detection 2', [
    [0, 1, 0],
    [1, -4, 1],
    [0, 1, 0],
  ]),
  named('edge3', 'Edge detection 3', [
    [-1, -1, -1],
    [-1, 8, -1],
    [-1, -1, -1],
  ]),
  named('sharpen', 'Sharpen', [
    [0, -1, 0],
    [-1, 5, -1],
    [0, -1, 0],
  ]),
  named(
    'boxBlur',
    'Box blur',
    [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ],
    9,
  ),
  named(
    'gaussian3',
    'Gaussian blur 3×3',
    [
      [1, 2, 1],
      [2, 4, 2],
      [1, 2, 1],
    ],
    16,
  ),
  // The 5×5 binomial approximation: outer product of [1 4 6 4 1] with itself, over 256.
  named(
    'gaussian5',
    'Gaussian blur 5×5',
    row5.map((a) => row5.map((b) => a * b)),
    256,
  ),
  named('emboss', 'Emboss', [
    [-2, -1, 0],
    [-1, 1, 1],
    [0, 1, 2],
  ]),
  named('verticalLines', 'Vertical lines', [
    [-1, 0, 1],
    [-1, 0, 1],
    [-1, 0, 1],
  ]),
  named('horizontalLines', 'Horizontal lines', [
    [-1, -1, -1],
    [0, 0, 0],
    [1, 1, 1],
  ]),
  named('sobelX', 'Sobel x', [
    [1, 0, -1],
    [2, 0, -2],
    [1, 0, -1],
  ]),
  named('sobelY', 'Sobel y', [
    [1, 2, 1],
    [0, 0, 0],
    [-1, -2, -1],
  ]),
  named('prewittX', 'Prewitt x', [
    [1, 0, -1],
    [1, 0, -1],
    [1, 0, -1],
  ]),
  named('prewittY', 'Prewitt y', [
    [1, 1, 1],
    [0, 0, 0],
    [-1, -1, -1],
  ]),
];

export function findKernel(id: string): NamedKernel | undefined {
  const lower = id.toLowerCase();
  return KERNELS.find((k) => k.id.toLowerCase() === lower);
}

export function toKernel2D(k: NamedKernel | number[][]): Kernel2D {
  return kernelFromRows(Array.isArray(k) ? k : k.values);
}

/** Parses a custom kernel written as JSON rows, e.g. `[[0,1,0],[1,-4,1],[0,1,0]]`; throws a one-line message. */
export function parseKernelValues(text: string): number[][] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON; write rows like [[0,1,0],[1,-4,1],[0,1,0]]');
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((r) => Array.isArray(r) && r.length > 0)) {
    throw new Error('must be a non-empty array of non-empty rows, like [[0,1,0],[1,-4,1],[0,1,0]]');
  }
  const rows = v as unknown[][];
  if (rows.some((r) => r.length !== rows[0].length))
    throw new Error(`rows must all have the same length (row 1 has ${rows[0].length})`);
  if (rows.some((r) => r.some((x) => typeof x !== 'number' || !Number.isFinite(x))))
    throw new Error('every entry must be a finite number');
  if (rows.length > 64 || rows[0].length > 64) throw new Error('is larger than 64×64');
  return rows as number[][];
}
