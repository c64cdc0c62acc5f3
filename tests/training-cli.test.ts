/** `convas train`, `convas eval`, `convas predict` through the real entry point, as a user runs them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../src/engine/document.js';
import { writePng } from '../src/main/images.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convas-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function convas(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/convas.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean) };
}

describe('convas train / eval / predict', () => {
  const out = join(dir, 'trained.json');

  it('train --json prints one object per epoch, then done; --out writes weights, settings, runs and classes', () => {
    const r = convas(
      'train',
      'resources/examples/shapes-cnn.json',
      '--dataset',
      'shapes',
      '--epochs',
      '2',
      '--batch-size',
      '32',
      '--lr',
      '0.003',
      '--threads',
      '2',
      '--backend',
      'engine',
      '--json',
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const objects = r.lines.map((l) => JSON.parse(l));
    expect(objects).toHaveLength(3);
    for (const [i, o] of objects.slice(0, 2).entries()) {
      expect(Object.keys(o).sort()).toEqual([
        'accuracy',
        'epoch',
        'loss',
        'samplesPerSecond',
        'seconds',
        'valAccuracy',
        'valLoss',
      ]);
      expect(o.epoch).toBe(i + 1);
    }
    expect(objects[2]).toEqual({
      done: true,
      testAccuracy: expect.any(Number),
      testLoss: expect.any(Number),
      stopped: false,
      backend: 'engine',
      provider: 'cpu',
    });
    const saved = loadDocument(readFileSync(out, 'utf8'));
    if (!saved.ok) throw new Error(saved.error);
    expect(saved.document.classes).toEqual(['vertical', 'horizontal', 'diagonal', 'circle', 'square']);
    expect(saved.document.training).toMatchObject({
      dataset: 'shapes',
      epochs: 2,
      batchSize: 32,
      lr: 0.003,
      optimizer: 'adam',
    });
    expect(saved.document.runs).toHaveLength(1);
    expect(saved.document.runs![0]).toMatchObject({
      backend: 'engine',
      provider: 'cpu',
      testAccuracy: objects[2].testAccuracy,
    });
    expect(Object.keys(saved.document.weights!).sort()).toEqual(['c1', 'c2', 'out']);

    // eval reads the dataset from the saved settings and agrees with the run's test accuracy.
    const ev = convas('eval', out, '--json');
    expect(ev.code).toBe(0);
    const e = JSON.parse(ev.lines[0]);
    expect(e).toMatchObject({ accuracy: objects[2].testAccuracy, count: 500 });
    expect(e.confusion).toHaveLength(5);
    expect(e.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(500);
    expect(convas('eval', out, '--split', 'all', '--json').lines.map((l) => JSON.parse(l).count)).toEqual([2500]);
    expect(convas('eval', out).stdout).toMatch(
      /^accuracy \d+\.\d\d% {2}loss \d\.\d{4} {2}samples 500 \(test\)\n\ntrue\\pred/,
    );
  });

  it('--backend onnxruntime trains the compiled graph and says which provider ran; the default picks it too', () => {
    const args = [
      'train',
      'resources/examples/shapes-cnn.json',
      '--dataset',
      'shapes',
      '--epochs',
      '1',
      '--batch-size',
      '32',
      '--lr',
      '0.003',
      '--json',
    ];
    const compiled = convas(...args, '--backend', 'onnxruntime', '--provider', 'cpu');
    expect(compiled.code, compiled.stderr).toBe(0);
    const done = JSON.parse(compiled.lines.at(-1)!);
    expect(done).toMatchObject({ done: true, backend: 'onnxruntime', provider: 'cpu' });
    expect(done.testAccuracy).toBeGreaterThan(0.5);
    expect(JSON.parse(convas(...args).lines.at(-1)!)).toMatchObject({ backend: 'onnxruntime', provider: 'cpu' });
    const bad = convas(...args, '--backend', 'gpu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('convas train: --backend must be engine, onnxruntime or auto, not "gpu"\n');
  });

  it('predict ranks the classes of image files', async () => {
    // A bright vertical bar on black: the first class of shapes.
    const px = new Uint8Array(28 * 28);
    for (let y = 4; y < 24; y++) px[y * 28 + 14] = 255;
    await writePng(join(dir, 'bar.png'), px, 28, 28, 1);
    const r = convas('predict', out, join(dir, 'bar.png'), '--top', '2', '--json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.lines[0]);
    expect(p.image).toBe(join(dir, 'bar.png'));
    expect(p.top).toHaveLength(2);
    expect(p.top[0].probability).toBeGreaterThanOrEqual(p.top[1].probability);
    expect(convas('predict', out, join(dir, 'bar.png')).stdout).toMatch(
      /bar\.png: \w+ \d+\.\d%, \w+ \d+\.\d%, \w+ \d+\.\d%\n$/,
    );
  });

  it('errors are one line naming the field, exit 2, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['train', 'resources/examples/shapes-cnn.json'], /^convas train: --dataset is required/],
      [
        ['train', 'resources/examples/shapes-cnn.json', '--dataset', 'shapes', '--epochs', 'many'],
        /^convas train: --epochs must be an integer from 1 to 10000, not "many"/,
      ],
      [
        ['train', 'resources/examples/shapes-cnn.json', '--dataset', 'shapes', '--optimizer', 'rmsprop'],
        /^convas train: --optimizer must be sgd or adam, not "rmsprop"/,
      ],
      // The engine's bounds (SETTING_BOUNDS), the same as the request schema's.
      [
        ['train', 'resources/examples/shapes-cnn.json', '--dataset', 'shapes', '--momentum', '1'],
        /^convas train: --momentum must be a number in \[0, 1\), not "1"/,
      ],
      [
        ['train', 'resources/examples/shapes-cnn.json', '--dataset', 'shapes', '--threads', '257'],
        /^convas train: --threads must be an integer from 1 to 256, not "257"/,
      ],
      [
        ['train', 'resources/examples/lenet5.json', '--dataset', 'shapes', '--epochs', '1'],
        /^convas train: the output "out" has 10 values but the dataset has 5 classes .* set its units to 5/,
      ],
      [
        ['train', 'resources/examples/shapes-cnn.json', '--dataset', join(dir, 'missing')],
        /^convas train: dataset folder .*missing does not exist/,
      ],
      [
        ['eval', 'resources/examples/shapes-cnn.json', '--dataset', 'shapes'],
        /^convas eval: the document "Shapes CNN" has no trained weights — train it first/,
      ],
      [['predict', 'resources/examples/shapes-cnn.json', 'x.png'], /^convas predict: .*has no trained weights/],
    ];
    for (const [args, message] of cases) {
      const r = convas(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
  });
});
