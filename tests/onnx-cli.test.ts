/**
 * The CLI end to end: convas export / import / run, and the proof that matters most — LeNet-5 trained on mnist,
 * exported, and run by onnxruntime over all 70,000 digits scores what `convas eval --split all` scores.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataType,
  encodeModel,
  makeGraph,
  makeModel,
  makeNode,
  makeTensorValueInfo,
} from '../src/engine/onnx/builder.js';

const CLI = new URL('../bin/convas.mjs', import.meta.url).pathname;
const LENET = new URL('../resources/examples/lenet5.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convas-onnx-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function convas(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('convas export / import / run', () => {
  it('exports, imports back to the same summary, and runs with the provider reported', async () => {
    const onnx = join(dir, 'lenet.onnx');
    const back = join(dir, 'back.json');
    expect((await convas('export', LENET, '-o', onnx, '--seed', '3')).code).toBe(0);
    expect((await convas('import', onnx, '-o', back)).code).toBe(0);
    const a = JSON.parse((await convas('summary', LENET, '--json')).stdout);
    const b = JSON.parse((await convas('summary', back, '--json')).stdout);
    expect(b.nodes).toEqual(a.nodes);
    const r = await convas('run', onnx, '--dataset', 'shapes', '--json');
    expect(r.code).toBe(2); // 10 outputs, 5 shape classes
    expect(r.stderr).toMatch(/outputs 10 values per sample but shapes has 5 classes/);
    const ok = await convas('run', onnx, '--dataset', 'mnist', '--provider', 'cpu', '--batch-size', '500', '--json');
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(Object.keys(out)).toEqual(['provider', 'fallbackReason', 'accuracy', 'count', 'samplesPerSecond']);
    expect(out).toMatchObject({ provider: 'cpu', fallbackReason: null, count: 10_000 }); // MNIST's official test set
  });

  it('refuses clearly: unsupported operators, bad options', async () => {
    const model = join(dir, 'resize.onnx');
    const g = makeGraph(
      [makeNode('Resize', ['x', '', '', 's'], ['y'], 'up')],
      'g',
      [makeTensorValueInfo('x', DataType.FLOAT, ['N', 1, 4, 4])],
      [makeTensorValueInfo('y', DataType.FLOAT, null)],
    );
    writeFileSync(model, encodeModel(makeModel(g)));
    const r = await convas('import', model, '-o', join(dir, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('operators that have no Convas layer: Resize ("up")');
    expect((await convas('run', model)).stderr).toMatch(/--dataset is required/);
    expect((await convas('run', model, '--dataset', 'mnist', '--provider', 'tpu')).stderr).toMatch(
      /--provider must be one of auto, cpu, cuda, webgpu/,
    );
    expect((await convas('export', LENET)).stderr).toMatch(/-o OUT.onnx is required/);
  });

  it(
    'LeNet-5 trained on mnist: onnxruntime over all 70,000 digits ' +
      'matches convas eval --split all within 0.1 point',
    async () => {
      const trained = join(dir, 'trained.json');
      const t = await convas(
        'train',
        LENET,
        '--dataset',
        'mnist',
        '--epochs',
        '2',
        '--seed',
        '1',
        '--out',
        trained,
        '--json',
      );
      expect(t.code, t.stderr).toBe(0);
      const evaluation = JSON.parse(
        (await convas('eval', trained, '--dataset', 'mnist', '--split', 'all', '--json')).stdout,
      );
      const onnx = join(dir, 'trained.onnx');
      expect((await convas('export', trained, '-o', onnx)).code).toBe(0);
      const run = JSON.parse(
        (await convas('run', onnx, '--dataset', 'mnist', '--split', 'all', '--provider', 'cpu', '--json')).stdout,
      );
      console.log(
        `LeNet-5, 2 epochs: engine ${(evaluation.accuracy * 100).toFixed(2)}%, ` +
          `onnxruntime ${(run.accuracy * 100).toFixed(2)}% over ${run.count} digits`,
      );
      expect(run.count).toBe(70_000);
      expect(evaluation.count).toBe(70_000);
      expect(evaluation.accuracy).toBeGreaterThan(0.9);
      expect(Math.abs(run.accuracy - evaluation.accuracy)).toBeLessThanOrEqual(0.001);
      expect(JSON.parse(readFileSync(trained, 'utf8')).classes).toHaveLength(10);
    },
    600_000,
  ); // two epochs over 60,000 digits, then the engine over 70,000
});
