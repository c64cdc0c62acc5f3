/**
 * `convas convolve IMAGE (--kernel NAME | --kernel-values JSON) …`: the playground's convolution, headless.
 * Values equal scipy.signal.convolve2d (or correlate2d with --correlate) per channel, as float32.
 */
import { access } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  BOUNDARIES,
  CONV_MODES,
  convolve2d,
  kernelFromRows,
  type Boundary,
  type ConvMode,
  type Image,
} from '../../engine/teach/convolve.js';
import { DISPLAY_MODES, toBytes, type DisplayMode } from '../../engine/teach/display.js';
import { toGrey } from '../../engine/teach/grey.js';
import { findKernel, KERNELS, parseKernelValues } from '../../engine/teach/kernels.js';
import { encodeNpy } from '../../engine/teach/npy.js';
import { fmtInt } from '../../engine/format.js';
import { atomicWrite } from '../../main/files/atomic.js';
import { ImageTooLargeError, readImage, writePng } from '../../main/images.js';
import { CliError, numberOption, parse, type Command } from '../io.js';

/**
 * The largest image convolve takes unless told otherwise: 4096 × 4096, the largest network input. The whole
 * image is held several times over (8-bit pixels, float32 input and output, the encoded file): about 36 bytes per
 * pixel for an RGB .npy, so about 0.6 GB here (measured: 603 MB peak for 4096×4096 RGB to .npy, 468 MB to .png),
 * where a 16000×16000 photo took 5.2 GB. --max-pixels raises it for a machine that has the memory.
 */
export const CONVOLVE_MAX_PIXELS = 4096 * 4096;

const usage = `Usage: convas convolve IMAGE (--kernel NAME | --kernel-values JSON) [options] -o OUT

Convolves a PNG/JPEG image with a kernel, each colour channel on its own, exactly as
scipy.signal.convolve2d(x, k, mode, boundary) does (true convolution: the kernel is flipped).
  --kernel NAME          a named kernel: ${KERNELS.map((k) => k.id).join(', ')}
  --kernel-values JSON   a custom kernel as rows, e.g. '[[0,1,0],[1,-4,1],[0,1,0]]'
  --boundary B           symm (mirror, default), fill (zeros) or wrap
  --mode M               same (default), valid or full
  --correlate            cross-correlation (what CNN layers compute) instead of convolution
  --grey                 convert to grey first: ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B on the 8-bit values
  --display D            PNG only: clip to 0–255 (default), abs, normalise (to the output's range) or wrap
                         (the uint8-cast bug: negatives wrap around, shown for teaching)
  --max-pixels N         refuse images with more pixels than N (default ${fmtInt(CONVOLVE_MAX_PIXELS)}, 4096×4096;
                         each million pixels needs about 36 MB of memory)
  -o, --output OUT       .npy: the float32 result shaped [H, W] (grey) or [H, W, C]; .png: 8-bit pixels
                         (replaced atomically)`;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new CliError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export const convolve: Command = {
  name: 'convolve',
  summary: 'convolve an image with a classic or custom kernel (SciPy convolve2d semantics)',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        kernel: { type: 'string' },
        'kernel-values': { type: 'string' },
        boundary: { type: 'string' },
        mode: { type: 'string' },
        correlate: { type: 'boolean' },
        grey: { type: 'boolean' },
        display: { type: 'string' },
        'max-pixels': { type: 'string' },
        output: { type: 'string', short: 'o' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new CliError(`give exactly one IMAGE, not ${positionals.length}\n\n${usage}`);
    const [imagePath] = positionals;
    const out = values.output;
    if (!out) throw new CliError('-o OUT is required (a .png or .npy file)');
    const ext = extname(out).toLowerCase();
    if (ext !== '.png' && ext !== '.npy') throw new CliError(`-o ${out}: the output must end in .png or .npy`);
    if ((values.kernel === undefined) === (values['kernel-values'] === undefined))
      throw new CliError('give exactly one of --kernel NAME or --kernel-values JSON');
    let rows: number[][];
    if (values.kernel !== undefined) {
      const k = findKernel(values.kernel);
      if (!k)
        throw new CliError(
          `--kernel "${values.kernel}" is not a known kernel; choose one of ${KERNELS.map((x) => x.id).join(', ')}`,
        );
      rows = k.values;
    } else {
      try {
        rows = parseKernelValues(values['kernel-values']!);
      } catch (e) {
        throw new CliError(`--kernel-values ${(e as Error).message}`);
      }
    }
    const boundary = oneOf<Boundary>(values.boundary, BOUNDARIES, 'boundary', 'symm');
    const mode = oneOf<ConvMode>(values.mode, CONV_MODES, 'mode', 'same');
    const display = oneOf<DisplayMode>(values.display, DISPLAY_MODES, 'display', 'clip');
    if (values.display !== undefined && ext !== '.png')
      throw new CliError('--display applies to .png output only; .npy keeps the float values');
    const maxPixels =
      numberOption(values['max-pixels'], 'max-pixels', { integer: true, min: 1 }) ?? CONVOLVE_MAX_PIXELS;

    try {
      await access(imagePath);
    } catch {
      throw new CliError(`${imagePath}: no such file`);
    }
    let raw;
    try {
      raw = await readImage(imagePath, values.grey ? { channels: 3, maxPixels } : { maxPixels });
    } catch (e) {
      if (e instanceof ImageTooLargeError) {
        throw new CliError(
          `${imagePath}: ${e.width}×${e.height} = ${fmtInt(e.width * e.height)} pixels, more than --max-pixels ` +
            `${fmtInt(maxPixels)}; make it smaller, or raise --max-pixels (about 36 MB per million pixels)`,
        );
      }
      throw new CliError((e as Error).message.split('\n')[0]);
    }
    const image: Image = values.grey ? toGrey(raw) : raw;
    let result;
    try {
      result = convolve2d(image, kernelFromRows(rows), { boundary, mode, correlate: values.correlate ?? false });
    } catch (e) {
      throw new CliError(`${imagePath}: ${(e as Error).message}`);
    }
    try {
      if (ext === '.npy') {
        const shape =
          result.channels === 1 ? [result.height, result.width] : [result.height, result.width, result.channels];
        await atomicWrite(out, encodeNpy(result.data, shape));
      } else {
        await writePng(out, toBytes(result.data, display), result.width, result.height, result.channels as 1 | 3);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`-o ${out}: cannot be written (${code ?? (e as Error).message.split('\n')[0]})`);
    }
    const size = `${result.height}×${result.width}${result.channels > 1 ? `×${result.channels}` : ''}`;
    process.stderr.write(`${out}: ${size} ${ext === '.npy' ? 'float32' : `8-bit (${display})`}\n`);
    return 0;
  },
};
