/**
 * 2-D convolution with exactly the semantics of `scipy.signal.convolve2d` / `correlate2d` (SciPy 1.17), per
 * channel, float32 out. Checked against SciPy in tests/teach-convolve.test.ts with fixtures from
 * scripts/make-convolve-fixtures.py.
 *
 * full[i, j] = Σ_m Σ_n x̃[i − m, j − n] · k[m, n]   (i < H + kh − 1, j < W + kw − 1)
 * where x̃ extends x past its edges by the boundary rule (same as numpy.pad 'symmetric' / 'constant' / 'wrap',
 * repeated as often as the kernel needs). Cross-correlation is convolution with the kernel flipped on both axes.
 * - 'valid' is full[kh−1 … H−1, kw−1 … W−1]; when the kernel is larger than the image on both axes SciPy swaps
 *   them (convolution commutes; for correlation the swapped result is reversed on both axes).
 * - 'same' is the H×W slice of full starting at ⌊(kh−1)/2⌋ for convolve2d but at ⌊kh/2⌋ for correlate2d
 *   (the two differ only for even kernel sizes).
 */

export type Boundary = 'symm' | 'fill' | 'wrap';
export type ConvMode = 'same' | 'valid' | 'full';
export const BOUNDARIES: readonly Boundary[] = ['symm', 'fill', 'wrap'];
export const CONV_MODES: readonly ConvMode[] = ['same', 'valid', 'full'];

/** Interleaved HWC pixels, any number of channels. */
export interface Image {
  data: ArrayLike<number>;
  height: number;
  width: number;
  channels: number;
}

export interface FloatImage extends Image {
  data: Float32Array;
}

export interface Kernel2D {
  /** Row-major kh × kw. */
  data: ArrayLike<number>;
  height: number;
  width: number;
}

export interface ConvolveOptions {
  boundary?: Boundary;
  mode?: ConvMode;
  /** Cross-correlation (what CNN layers compute) instead of true convolution. */
  correlate?: boolean;
}

export function kernelFromRows(rows: readonly (readonly number[])[]): Kernel2D {
  const height = rows.length;
  const width = height ? rows[0].length : 0;
  if (!height || !width || rows.some((r) => r.length !== width))
    throw new Error('a kernel is a non-empty rectangular grid of numbers');
  return { data: rows.flat(), height, width };
}

/** Index into [0, n) for a position outside it, by the boundary rule; −1 means "zero" (fill). */
export function boundaryIndex(r: number, n: number, boundary: Boundary): number {
  if (r >= 0 && r < n) return r;
  if (boundary === 'fill') return -1;
  if (boundary === 'wrap') return ((r % n) + n) % n;
  // symm: reflect including the edge pixel, period 2n (numpy.pad 'symmetric', SciPy 'symm').
  const p = ((r % (2 * n)) + 2 * n) % (2 * n);
  return p < n ? p : 2 * n - 1 - p;
}

/** Output size and where it starts inside the full result, per axis. */
export function outputGeometry(
  n: number,
  k: number,
  mode: ConvMode,
  correlate: boolean,
): { size: number; offset: number } {
  if (mode === 'full') return { size: n + k - 1, offset: 0 };
  if (mode === 'valid') return { size: n - k + 1, offset: k - 1 };
  return { size: n, offset: correlate ? Math.floor(k / 2) : Math.floor((k - 1) / 2) };
}

function flipped(k: Kernel2D): Kernel2D {
  const data = new Float64Array(k.height * k.width);
  for (let i = 0; i < data.length; i++) data[i] = k.data[data.length - 1 - i];
  return { data, height: k.height, width: k.width };
}

function reversed(img: FloatImage): FloatImage {
  const { height, width, channels } = img;
  const data = new Float32Array(img.data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = img.data[((height - 1 - y) * width + (width - 1 - x)) * channels + c];
  return { data, height, width, channels };
}

/** Convolves (or correlates) each channel of `image` with `kernel`, as SciPy does; throws on impossible sizes. */
export function convolve2d(image: Image, kernel: Kernel2D, options: ConvolveOptions = {}): FloatImage {
  const boundary = options.boundary ?? 'fill';
  const mode = options.mode ?? 'full';
  const correlate = options.correlate ?? false;
  const { height: H, width: W, channels: C } = image;
  const { height: kh, width: kw } = kernel;
  if (!(H > 0 && W > 0 && C > 0)) throw new Error('the image is empty');
  if (!(kh > 0 && kw > 0)) throw new Error('the kernel is empty');
  if (image.data.length !== H * W * C)
    throw new Error(`the image data has ${image.data.length} values, not ${H}·${W}·${C}`);
  if (kernel.data.length !== kh * kw)
    throw new Error(`the kernel data has ${kernel.data.length} values, not ${kh}·${kw}`);
  for (let i = 0; i < kernel.data.length; i++)
    if (!Number.isFinite(kernel.data[i])) throw new Error('the kernel holds a value that is not a finite number');

  if (mode === 'valid' && (kh > H || kw > W)) {
    if (kh < H || kw < W) {
      throw new Error(
        `in 'valid' mode the ${kh}×${kw} kernel and the ${H}×${W} image ` +
          `must each be at least as large as the other on every axis`,
      );
    }
    // SciPy swaps the inputs (per channel: the kernel becomes the image).
    const out = new Float32Array((kh - H + 1) * (kw - W + 1) * C);
    let res: FloatImage | null = null;
    for (let c = 0; c < C; c++) {
      const plane = new Float64Array(H * W);
      for (let i = 0; i < H * W; i++) plane[i] = image.data[i * C + c];
      const r = convolve2d(
        { data: kernel.data, height: kh, width: kw, channels: 1 },
        { data: plane, height: H, width: W },
        { mode, correlate },
      );
      res = correlate ? reversed(r) : r;
      for (let i = 0; i < res.data.length; i++) out[i * C + c] = res.data[i];
    }
    return { data: out, height: res!.height, width: res!.width, channels: C };
  }

  const k = correlate ? flipped(kernel) : kernel;
  const gy = outputGeometry(H, kh, mode, correlate);
  const gx = outputGeometry(W, kw, mode, correlate);
  const outH = gy.size;
  const outW = gx.size;
  const out = new Float32Array(outH * outW * C);
  // Source column for (output column, kernel column n), precomputed: the boundary rule once per axis.
  const colIndex = new Int32Array(outW * kw);
  for (let ox = 0; ox < outW; ox++)
    for (let n = 0; n < kw; n++) colIndex[ox * kw + n] = boundaryIndex(ox + gx.offset - n, W, boundary);
  const rowIndex = new Int32Array(kh);
  const kd = Float64Array.from(k.data as ArrayLike<number>);
  for (let oy = 0; oy < outH; oy++) {
    for (let m = 0; m < kh; m++) rowIndex[m] = boundaryIndex(oy + gy.offset - m, H, boundary);
    for (let ox = 0; ox < outW; ox++) {
      for (let c = 0; c < C; c++) {
        let sum = 0; // float64 accumulation, as SciPy does for float64 input
        for (let m = 0; m < kh; m++) {
          const r = rowIndex[m];
          if (r < 0) continue;
          const rowBase = r * W;
          for (let n = 0; n < kw; n++) {
            const col = colIndex[ox * kw + n];
            if (col < 0) continue;
            sum += image.data[(rowBase + col) * C + c] * kd[m * kw + n];
          }
        }
        out[(oy * outW + ox) * C + c] = sum;
      }
    }
  }
  return { data: out, height: outH, width: outW, channels: C };
}
