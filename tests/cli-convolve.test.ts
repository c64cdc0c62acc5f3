/** `convas convolve` through the real command line: values against the SciPy fixtures, PNG display, errors. */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../src/engine/teach/npy.js';
import { readImage, writePng } from '../src/main/images.js';

const run = promisify(execFile);
const bin = new URL('../bin/convas.mjs', import.meta.url).pathname;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/convolve/${name}`, import.meta.url), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'convas-convolve-'));

async function convas(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'convolve', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function close32(got: Float32Array, want: number[], scale: number) {
  expect(got.length).toBe(want.length);
  const tol = 4 * 2 ** -23 * scale;
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`element ${i}: ${got[i]} vs SciPy ${want[i]}`);
}

let python: boolean;
try {
  execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  python = true;
} catch {
  python = false;
}

async function png(name: string, img: { data: number[]; width: number; height: number; channels: number }) {
  const path = join(tmp, name);
  await writePng(path, Uint8Array.from(img.data), img.width, img.height, img.channels as 1 | 3);
  return path;
}

describe('convas convolve', () => {
  it('colour: each channel equals scipy.signal.convolve2d, float32 [H, W, C] in the .npy', async () => {
    const pair = fixture('convolve.json').pairs.find(
      (p: { image: string; kernel: string }) => p.image === 'rgb4x5' && p.kernel === 'sobelX',
    );
    const input = await png('rgb.png', pair.x);
    // Every boundary, mode and operation is checked against SciPy in teach-convolve.test.ts; here, one of each
    // through the command line is enough to show the options reach the engine.
    const picked = (c: { boundary: string; mode: string; correlate: boolean }) =>
      (c.boundary === 'symm' && c.mode === 'same') ||
      (c.boundary === 'wrap' && c.mode === 'full' && !c.correlate) ||
      (c.boundary === 'fill' && c.mode === 'valid' && c.correlate);
    const chosen = pair.cases.filter(picked);
    expect(chosen).toHaveLength(4);
    for (const c of chosen) {
      const out = join(tmp, `rgb-${c.boundary}-${c.mode}-${c.correlate}.npy`);
      const args = [
        input,
        '--kernel',
        'sobelX',
        '--boundary',
        c.boundary,
        '--mode',
        c.mode,
        '-o',
        out,
        ...(c.correlate ? ['--correlate'] : []),
      ];
      const r = await convas(...args);
      expect(r.stderr).toMatch(/float32/);
      expect(r.code).toBe(0);
      const npy = decodeNpy(readFileSync(out));
      expect(npy.shape).toEqual(c.shape);
      close32(npy.data, c.expected, 255 * 8);
    }
  });

  it('--grey uses BT.601 luma on the 8-bit values, output shaped [H, W]', async () => {
    const g = fixture('grey.json');
    const input = await png('grey-src.png', g.rgb);
    const out = join(tmp, 'grey.npy');
    const r = await convas(input, '--grey', '--kernel-values', '[[1,0,-1],[2,0,-2],[1,0,-1]]', '-o', out);
    expect(r.code).toBe(0);
    const npy = decodeNpy(readFileSync(out));
    expect(npy.shape).toEqual([g.rgb.height, g.rgb.width]);
    close32(npy.data, g.sobelXSymmSame, 255 * 8);
  });

  it.skipIf(!python)('numpy reads the .npy back as float32 with the right shape', async () => {
    const g = fixture('grey.json');
    const input = await png('np-src.png', g.rgb);
    const out = join(tmp, 'np.npy');
    expect((await convas(input, '--kernel', 'identity', '--mode', 'full', '-o', out)).code).toBe(0);
    const said = execFileSync(
      'python3',
      [
        '-c',
        `import numpy as n; a=n.load(${JSON.stringify(out)}); print(a.dtype, a.shape, int(a[1,1,0]), int(a[2,3,2]))`,
      ],
      { encoding: 'utf8' },
    ).trim();
    const at = (y: number, x: number, c: number) => g.rgb.data[(y * g.rgb.width + x) * 3 + c];
    expect(said).toBe(`float32 (${g.rgb.height + 2}, ${g.rgb.width + 2}, 3) ${at(0, 0, 0)} ${at(1, 2, 2)}`);
  });

  it('PNG output clips negatives to 0 by default, never wrapping them; abs and wrap on request', async () => {
    // A step edge: the vertical-line detector gives −255·3 on one side (clip → 0, abs → 255, wrap → 3).
    const w = 6;
    const data = Array.from({ length: 4 * w }, (_, i) => (i % w < 3 ? 255 : 0));
    const input = await png('edge.png', { data, width: w, height: 4, channels: 1 });
    const value = async (display: string | null) => {
      const out = join(tmp, `edge-${display}.png`);
      const r = await convas(
        input,
        '--kernel',
        'verticalLines',
        '--correlate',
        '--mode',
        'valid',
        '-o',
        out,
        ...(display ? ['--display', display] : []),
      );
      expect(r.code).toBe(0);
      const img = await readImage(out);
      expect([img.height, img.width, img.channels]).toEqual([2, 4, 1]);
      return Array.from(img.data.slice(0, 4));
    };
    expect(await value(null)).toEqual([0, 0, 0, 0]);
    expect(await value('abs')).toEqual([0, 255, 255, 0]);
    expect(await value('wrap')).toEqual([0, 3, 3, 0]); // −765 mod 256
    expect(await value('normalise')).toEqual([255, 0, 0, 255]);
  });

  it('bad input: one line naming the option or file, exit 2, no stack trace', async () => {
    const input = await png('ok.png', { data: [1, 2, 3, 4], width: 2, height: 2, channels: 1 });
    const cases: [string[], RegExp][] = [
      [[join(tmp, 'missing.png'), '--kernel', 'sobelX', '-o', join(tmp, 'x.npy')], /missing\.png: no such file/],
      [
        [input, '--kernel', 'nope', '-o', join(tmp, 'x.npy')],
        /--kernel "nope" is not a known kernel; choose one of identity/,
      ],
      [
        [input, '--kernel-values', '[[1,2],[3]]', '-o', join(tmp, 'x.npy')],
        /--kernel-values rows must all have the same length/,
      ],
      [
        [input, '--kernel', 'sobelX', '--boundary', 'reflect', '-o', join(tmp, 'x.npy')],
        /--boundary must be one of symm, fill, wrap, not "reflect"/,
      ],
      [[input, '--kernel', 'sobelX', '-o', join(tmp, 'x.jpg')], /the output must end in \.png or \.npy/],
      [[input, '--kernel', 'sobelX'], /-o OUT is required/],
      [
        [input, '--kernel', 'sobelX', '--kernel-values', '[[1]]', '-o', join(tmp, 'x.npy')],
        /exactly one of --kernel NAME or --kernel-values/,
      ],
      [
        [
          input,
          '--kernel-values',
          '[[1,1,1],[1,1,1],[1,1,1]]',
          '--mode',
          'valid',
          '-o',
          join(tmp, 'x.npy'),
          '--display',
          'abs',
        ],
        /--display applies to \.png output only/,
      ],
      [
        [write('text.png', 'not an image'), '--kernel', 'sobelX', '-o', join(tmp, 'x.npy')],
        /text\.png: not a readable image/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await convas(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses an image past the pixel limit (4096×4096 by default), naming the file and --max-pixels', async () => {
    const wide = await png('wide.png', {
      data: new Array(4097 * 4096).fill(0),
      width: 4097,
      height: 4096,
      channels: 1,
    });
    const refused = await convas(wide, '--kernel', 'identity', '-o', join(tmp, 'wide.npy'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `convas convolve: ${wide}: 4097×4096 = 16,781,312 pixels, more than --max-pixels 16,777,216; ` +
        'make it smaller, or raise --max-pixels (about 36 MB per million pixels)\n',
    );
    const small = await png('small.png', {
      data: Array.from({ length: 100 }, (_, i) => i),
      width: 10,
      height: 10,
      channels: 1,
    });
    expect(
      (await convas(small, '--kernel', 'identity', '--max-pixels', '99', '-o', join(tmp, 's.npy'))).stderr,
    ).toMatch(/small\.png: 10×10 = 100 pixels, more than --max-pixels 99;/);
    const ok = await convas(small, '--kernel', 'identity', '--max-pixels', '100', '-o', join(tmp, 's.npy'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(Array.from(decodeNpy(readFileSync(join(tmp, 's.npy'))).data)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect((await convas(small, '--kernel', 'identity', '--max-pixels', '0', '-o', join(tmp, 's.npy'))).stderr).toMatch(
      /--max-pixels must be an integer of at least 1, not "0"/,
    );
    const help = await convas('--help');
    expect(help.stdout + help.stderr).toMatch(
      /--max-pixels N +refuse images with more pixels than N \(default 16,777,216, 4096×4096;/,
    );
  });
});

function write(name: string, content: string) {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe('encodeNpy', () => {
  it('pads the header so the data starts on a 64-byte boundary and round-trips', () => {
    const bytes = encodeNpy(Float32Array.from([1.5, -2, 3e-8]), [3]);
    const headerLen = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + headerLen))).toMatch(
      /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/,
    );
    expect(Array.from(decodeNpy(bytes).data)).toEqual(Array.from(Float32Array.from([1.5, -2, 3e-8])));
  });
});
