/**
 * Every file the CLI writes goes through the one atomic write: a temp file left beside the output by a killed
 * earlier write is removed, the output is whole, and nothing else is left in the folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/engine/document.js';
import { decodeNpy } from '../src/engine/teach/npy.js';
import { readImage, writePng } from '../src/main/images.js';

const root = new URL('..', import.meta.url).pathname;

function convas(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/convas.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding `name` with the temp file a killed write left (pid 4194305 is past Linux's pid_max). */
function folderWithStaleTemp(name: string): { dir: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'convas-atomic-cli-'));
  writeFileSync(join(dir, `.${name}.4194305-0123456789ab.tmp`), 'half a file');
  return { dir, out: join(dir, name) };
}

describe('CLI outputs are written atomically', () => {
  it('convolve -o .png and .npy', async () => {
    const src = join(mkdtempSync(join(tmpdir(), 'convas-atomic-src-')), 'in.png');
    await writePng(
      src,
      Uint8Array.from({ length: 36 }, (_, i) => i * 7),
      6,
      6,
      1,
    );
    for (const name of ['out.png', 'out.npy']) {
      const { dir, out } = folderWithStaleTemp(name);
      const r = convas('convolve', src, '--kernel', 'identity', '-o', out);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(dir)).toEqual([name]);
      if (name.endsWith('.png'))
        expect((await readImage(out)).data).toEqual(Uint8Array.from({ length: 36 }, (_, i) => i * 7));
      else expect(Array.from(decodeNpy(readFileSync(out)).data)).toEqual(Array.from({ length: 36 }, (_, i) => i * 7));
    }
  });

  it('export -o then import -o', () => {
    const onnx = folderWithStaleTemp('lenet5.onnx');
    const e = convas('export', 'resources/examples/lenet5.json', '-o', onnx.out);
    expect(e.code, e.stderr).toBe(0);
    expect(readdirSync(onnx.dir)).toEqual(['lenet5.onnx']);

    const doc = folderWithStaleTemp('imported.json');
    const i = convas('import', onnx.out, '-o', doc.out);
    expect(i.code, i.stderr).toBe(0);
    expect(readdirSync(doc.dir)).toEqual(['imported.json']);
    const back = loadDocument(readFileSync(doc.out, 'utf8'));
    expect(back.ok && back.document.nodes.length).toBeGreaterThan(5);
  });

  it('train --out', () => {
    const { dir, out } = folderWithStaleTemp('trained.json');
    const r = convas(
      'train',
      'resources/examples/shapes-cnn.json',
      '--dataset',
      'shapes',
      '--epochs',
      '1',
      '--backend',
      'engine',
      '--json',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['trained.json']);
    const back = loadDocument(readFileSync(out, 'utf8'));
    expect(back.ok && Object.keys(back.document.weights ?? {}).length).toBeGreaterThan(0);
  });
});
