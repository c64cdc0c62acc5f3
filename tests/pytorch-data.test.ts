/**
 * The generated project's data.py reads image folders as Convas does: the same classes, the same 80/20 split per
 * class by file name, the same pixels (grey files given to an RGB network are repeated over the channels). RGB
 * files given to a grey network are turned into luminance by libvips in Convas and by data.py's own BT.709 on
 * linear light; those agree within 2/255.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../src/engine/rng.js';
import { loadDataset } from '../src/main/datasets/index.js';
import { writePng } from '../src/main/images.js';
import { chain, node } from './helpers.js';
import { maxAbsDiff } from './onnx-util.js';
import { PYTHON, readF32, writeProject } from './pytorch-util.js';

const dir = mkdtempSync(join(tmpdir(), 'convas-pytorch-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const probe = spawnSync(PYTHON, ['-c', 'import numpy, PIL'], { encoding: 'utf8' });
const noPil = probe.status === 0 ? null : `${PYTHON} cannot import numpy and PIL (python3-numpy, python3-pil)`;

/** Writes x and y of data.load(folder, shape) as float32 files. */
function pythonLoad(project: string, folder: string, shape: number[]) {
  const script = [
    'import sys, numpy as np, data',
    `t = data.load(${JSON.stringify(folder)}, (${shape.join(', ')}), ".")`,
    'for name, a in zip(["trainx", "trainy", "testx", "testy"], t[:4]): a.astype("<f4").tofile(name + ".f32")',
    'print("\\n".join(t[4]))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { cwd: project, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return { classes: r.stdout.trim().split('\n'), f: (name: string) => readF32(join(project, `${name}.f32`)) };
}

describe.skipIf(noPil)('data.py on image folders', () => {
  it('reads the classes, split and pixels Convas reads', async () => {
    const folder = join(dir, 'images');
    const rng = createRng(9);
    const classes = ['circle', 'cross', 'dot'];
    for (const [k, cls] of classes.entries()) {
      mkdirSync(join(folder, cls), { recursive: true });
      for (let i = 0; i < 4 + k; i++) {
        const grey = i === 1;
        const c = grey ? 1 : 3;
        const px = Uint8Array.from({ length: 10 * 10 * c }, () => Math.floor(rng.next() * 256));
        await writePng(join(folder, cls, `img-${i}.png`), px, 10, 10, c);
      }
    }
    const project = join(dir, 'project');
    writeProject(
      chain(
        node('in', 'input', { channels: 3, height: 10, width: 10 }),
        node('f', 'flatten'),
        node('d', 'dense', { units: 3 }),
      ),
      project,
    );
    for (const channels of [3, 1]) {
      const ours = await loadDataset({ dataset: folder, channels, height: 10, width: 10 });
      const theirs = pythonLoad(project, folder, [channels, 10, 10]);
      expect(theirs.classes).toEqual(ours.classes);
      const floats = (x: Uint8Array | Float32Array) =>
        x instanceof Float32Array ? x : Float32Array.from(x, (b) => b / 255);
      expect(Array.from(theirs.f('trainy'))).toEqual(Array.from(ours.train.y));
      expect(Array.from(theirs.f('testy'))).toEqual(Array.from(ours.test.y));
      const diff = Math.max(
        maxAbsDiff(theirs.f('trainx'), floats(ours.train.x)),
        maxAbsDiff(theirs.f('testx'), floats(ours.test.x)),
      );
      console.log(`image folder, ${channels} channel(s): max |data.py − Convas| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(channels === 3 ? 1e-7 : 2 / 255);
    }
  });
});
