/**
 * A document edited after training: `convas export`, `eval` and `predict` say which layers were re-initialised,
 * and compute with the trained weights of the rest, exactly as the exported file does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { loadDocument, serializeDocument, type GraphDocument } from '../src/engine/document.js';
import { setParams } from '../src/engine/edit.js';
import { initWeights, weightsToRecord } from '../src/engine/weights.js';
import { writePng } from '../src/main/images.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convas-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function convas(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/convas.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The shapes CNN (conv1 has 8 filters) with every layer holding weights, as if trained, and its settings. */
function trained(): GraphDocument {
  const r = loadDocument(readFileSync(join(root, 'resources/examples/shapes-cnn.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  const doc = r.document;
  const training = {
    dataset: 'shapes',
    epochs: 1,
    batchSize: 32,
    optimizer: 'adam' as const,
    lr: 0.001,
    momentum: 0.9,
    weightDecay: 0,
    seed: 4,
    valSplit: 0.1,
  };
  return {
    ...doc,
    training,
    classes: ['vertical', 'horizontal', 'diagonal', 'circle', 'square'],
    weights: weightsToRecord(initWeights(analyze(doc), 9)),
  };
}

function write(name: string, doc: GraphDocument): string {
  const path = join(dir, name);
  writeFileSync(path, serializeDocument(doc));
  return path;
}

describe('CLI on a network edited after training', () => {
  const full = write('full.json', trained());
  // conv1 from 8 to 4 filters, as the app does it (c1 and c2 lose their weights) and as a hand edit of the
  // file does it (the stale tensors stay in the file and no longer fit).
  const app = write('app.json', setParams(trained(), 'c1', { filters: 4 }));
  const t = trained();
  const hand = write('hand.json', {
    ...t,
    nodes: t.nodes.map((n) => (n.id === 'c1' ? { ...n, params: { ...n.params, filters: 4 } } : n)),
  });

  it('export says "partly trained: c1, c2 re-initialised", and both edits export the same model', () => {
    const a = convas('export', app, '-o', join(dir, 'app.onnx'));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/\nnote: the network is partly trained: c1, c2 re-initialised from seed 4\n$/);
    const h = convas('export', hand, '-o', join(dir, 'hand.onnx'));
    expect(h.stderr).toContain('partly trained: c1, c2 re-initialised from seed 4');
    expect(readFileSync(join(dir, 'hand.onnx')).equals(readFileSync(join(dir, 'app.onnx')))).toBe(true);
    const f = convas('export', full, '-o', join(dir, 'full.onnx'));
    expect(f.stderr).not.toContain('note:');
    const { weights: _w, ...bare } = trained();
    expect(convas('export', write('bare.json', bare), '-o', join(dir, 'bare.onnx')).stderr).toContain(
      "note: the network is untrained: every layer's weights come from seed 4",
    );
  });

  it('eval and predict run the partly trained network and say so', async () => {
    const e = convas('eval', app, '--json');
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toBe(
      'note: the network is partly trained: c1, c2 re-initialised from seed 4; ' +
        'the accuracy is of the network as it is now\n',
    );
    expect(JSON.parse(e.stdout).count).toBe(500);
    expect(convas('eval', full, '--json').stderr).toBe('');
    const px = new Uint8Array(28 * 28);
    for (let y = 4; y < 24; y++) px[y * 28 + 14] = 255;
    await writePng(join(dir, 'bar.png'), px, 28, 28, 1);
    const p = convas('predict', hand, join(dir, 'bar.png'));
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toBe('note: the network is partly trained: c1, c2 re-initialised from seed 4\n');
  });

  it('a network none of whose weights fit is refused as untrained', () => {
    const t2 = trained();
    const edited = t2.nodes.map((n) =>
      n.id === 'c1'
        ? { ...n, params: { ...n.params, filters: 4 } }
        : n.id === 'c2'
          ? { ...n, params: { ...n.params, filters: 3 } }
          : n.id === 'out'
            ? { ...n, params: { ...n.params, units: 5 } }
            : n,
    );
    const weights = { c1: t2.weights!.c1, c2: t2.weights!.c2, out: t2.weights!.out };
    const path = write('none.json', { ...t2, nodes: edited, weights });
    const r = convas('eval', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'convas eval: the document "Shapes CNN" is untrained: ' +
        'none of its stored weights fit the graph any more — train it again\n',
    );
  });
});
