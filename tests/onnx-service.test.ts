/** The ONNX service behind onnx:export / onnx:import / onnx:check: files, Results, and the check against the engine. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OnnxPort } from '../src/main/ipc/services.js';
import { OnnxService, checkOnnx, exportOnnx, labelMap, splitOf } from '../src/main/onnx/service.js';
import type { Dataset } from '../src/engine/datasets/types.js';
import type { ModelInfo } from '../src/main/onnx/runner.js';
import { example } from './onnx-util.js';

const dir = mkdtempSync(join(tmpdir(), 'convas-onnx-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OnnxService', () => {
  it('exports atomically and imports back', async () => {
    const service: OnnxPort = new OnnxService(); // what src/main/ipc wires in
    const path = join(dir, 'residual.onnx');
    writeFileSync(path, 'old contents');
    const r = await service.exportOnnx({ document: example('residual'), path });
    expect(r).toMatchObject({ ok: true, path });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const back = await service.importOnnx({ path });
    expect(back.ok && back.document.nodes.map((n) => n.id)).toEqual(example('residual').nodes.map((n) => n.id));
  });

  it('answers errors as Results naming the file', async () => {
    const service = new OnnxService();
    expect(await service.importOnnx({ path: join(dir, 'missing.onnx') })).toEqual({
      ok: false,
      error: `${join(dir, 'missing.onnx')}: no such file`,
    });
    const bad = join(dir, 'bad.onnx');
    writeFileSync(bad, 'not a model');
    const r = await service.importOnnx({ path: bad });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/bad\.onnx: not an ONNX model/);
    const unconnected = { ...example('lenet5'), edges: [] };
    const e = await service.exportOnnx({ document: unconnected, path: join(dir, 'broken.onnx') });
    expect(e).toEqual({
      ok: false,
      error: 'the network has no layer connected after its input — connect one to export',
    });
    const lenet = example('lenet5');
    const broken = {
      ...lenet,
      nodes: lenet.nodes.map((n) => (n.id === 'flat' ? { ...n, kind: 'dropout', params: { rate: 0.5 } } : n)),
    };
    const f = await service.exportOnnx({ document: broken, path: join(dir, 'broken.onnx') });
    expect(f.ok ? '' : f.error).toMatch(
      /cannot be exported until its problems are fixed: dense "f1" needs a flat input/,
    );
  });

  it('checks a model against the engine, on a dataset or on random images', async () => {
    const doc = example('lenet5');
    const path = join(dir, 'lenet.onnx');
    await exportOnnx(doc, path);
    const withData = await checkOnnx(path, doc, 'cpu', { dataset: 'mnist' });
    // MNIST's official test set
    expect(withData).toMatchObject({ provider: 'cpu', fallbackReason: null, count: 10_000 });
    expect(withData.maxDiff).toBeLessThanOrEqual(1e-4);
    const random = await checkOnnx(path, doc, 'auto');
    expect(random.maxDiff).toBeLessThanOrEqual(1e-4);
    expect(random.accuracy).toBe(1); // with no labels: agreement between onnxruntime and the engine
    // A different document is caught by the difference.
    const other = await checkOnnx(path, { ...doc, training: { ...(doc.training ?? ({} as never)), seed: 99 } }, 'cpu');
    expect(other.maxDiff).toBeGreaterThan(1e-3);
  });

  it('maps the model\'s classes onto the dataset\'s by name, and joins train and test for "all"', () => {
    const d = {
      id: 'shapes',
      classes: ['circle', 'square', 'triangle'],
      shape: [1, 1, 1],
      train: { x: Float32Array.of(1, 2), y: Int32Array.of(0, 1), count: 2 },
      test: { x: Float32Array.of(3), y: Int32Array.of(2), count: 1 },
    } as unknown as Dataset;
    const info = (classes: string[] | null) => ({ classes }) as ModelInfo;
    expect(Array.from(labelMap(info(['triangle', 'circle', 'square']), 3, d))).toEqual([2, 0, 1]);
    expect(Array.from(labelMap(info(null), 3, d))).toEqual([0, 1, 2]);
    expect(() => labelMap(info(['cat', 'dog', 'cow']), 3, d)).toThrow(/are not the dataset's/);
    expect(() => labelMap(info(null), 10, d)).toThrow(/outputs 10 values per sample but shapes has 3 classes/);
    const all = splitOf(d, 'all');
    expect([Array.from(all.x), Array.from(all.y), all.count]).toEqual([[1, 2, 3], [0, 1, 2], 3]);
  });
});
