/**
 * A run is checked against its dataset before any pixel is read: the memory estimate counts the dataset from its
 * description (IDX headers, a folder's listing) and the evaluation forward's buffers, so an impossible run is
 * refused at once with the figure. The folder here promises a million 28×28 digits in its headers but holds a few
 * bytes: loading it would fail as truncated, so a refusal proves nothing was loaded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { EVAL_BATCH } from '../src/engine/train/evaluate.js';
import { estimateMemory, MiB } from '../src/engine/train/memory.js';
import { runTraining } from '../src/main/training/run.js';
import type { TrainJob } from '../src/main/training/workerJobs.js';
import type { TrainEvent } from '../src/shared/api.js';
import { example } from './onnx-util.js';

/** An IDX header (magic 0x000008dd, then the sizes) followed by `values` bytes. */
function idx(dims: number[], values = 0): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convas-huge-'));
  await writeFile(join(dir, 'train-images-idx3-ubyte'), idx([1_000_000, 28, 28], 784));
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), idx([1_000_000], 1));
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), idx([10, 28, 28], 10 * 784));
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idx([10], 10));
  await writeFile(join(dir, 'classes.txt'), '0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const job = (dataset: string, memoryLimit: number): TrainJob => ({
  role: 'train',
  runId: 'r1',
  request: {
    document: example('lenet5'),
    settings: {
      dataset,
      epochs: 1,
      batchSize: 64,
      optimizer: 'adam',
      lr: 0.001,
      momentum: 0.9,
      weightDecay: 0,
      seed: 1,
      valSplit: 0,
    },
    backend: 'engine',
    threads: 1,
  },
  stop: new Int32Array(new SharedArrayBuffer(4)),
  memoryLimit,
  threads: 1,
});

async function run(j: TrainJob): Promise<{ events: TrainEvent[]; ms: number }> {
  const events: TrainEvent[] = [];
  const t0 = performance.now();
  await runTraining(j, (e) => events.push(e));
  return { events, ms: performance.now() - t0 };
}

describe('memory is estimated before the dataset is read', () => {
  it('refuses a run whose dataset cannot fit at once, with the figure, without reading its pixels', async () => {
    const { events, ms } = await run(job(dir, 500 * MiB));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'error',
        message: expect.stringMatching(
          /^training needs about \d+ MB of memory, more than the 500 MB allowed; the largest part is the dataset's/,
        ),
      }),
    ]);
    expect((events[0] as { message: string }).message).toContain("the dataset's pixels and labels, 752 MB");
    expect(ms).toBeLessThan(1000);
    // With room for it, the same run gets as far as reading the pixels, and finds the file truncated.
    const loaded = await run(job(dir, 4096 * MiB));
    expect(loaded.events.at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/train-images-idx3-ubyte: truncated/),
    });
  });

  it('counts the evaluation forward: every layer output for EVAL_BATCH samples', () => {
    const a = analyze(example('lenet5'));
    const options = { batchSize: 64, optimizerStatePerParam: 2 };
    const without = estimateMemory(a, options);
    const withEval = estimateMemory(a, { ...options, evalBatchSize: EVAL_BATCH });
    // Floats a sample: input 784, c1 6·28·28, p1 6·14·14, c2 16·10·10, p2 16·5·5, flatten 400, f1, f2, out.
    const floats = 784 + 4704 + 1176 + 1600 + 400 + 400 + 120 + 84 + 10;
    expect(withEval.evaluation).toBe(4 * floats * EVAL_BATCH);
    expect(withEval.total - without.total).toBe(withEval.evaluation);
  });
});
