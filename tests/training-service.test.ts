/** The training service end to end: worker threads, data-parallel helpers, events, stop, evaluation. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphDocument, TrainingSettings } from '../src/engine/document.js';
import type { TrainingPort } from '../src/main/ipc/services.js';
import { TrainingService } from '../src/main/training/service.js';
import type { TrainEvent } from '../src/shared/api.js';

const example = (name: string): GraphDocument =>
  JSON.parse(readFileSync(new URL(`../resources/examples/${name}.json`, import.meta.url), 'utf8'));
const shapesNet = example('shapes-cnn');
const settings: TrainingSettings = {
  dataset: 'shapes',
  epochs: 1,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.003,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};
// The IPC layer's port: a type error here means the service drifted from what the app calls.
const service: TrainingService & TrainingPort = new TrainingService();
afterAll(() => service.dispose());

/** Runs to the end; every event in order. */
async function runToEnd(
  req: Parameters<TrainingService['start']>[0],
  onEvent?: (e: TrainEvent, runId: string) => void,
) {
  const events: TrainEvent[] = [];
  let id = '';
  const r = await service.start(req, (e) => {
    events.push(e);
    onEvent?.(e, id);
  });
  if (!r.ok) throw new Error(r.error);
  id = r.runId;
  await service.finished(r.runId);
  return events;
}

describe('TrainingService', () => {
  it('trains in worker threads and sends started, batch, epoch and done events; 1 and 2 threads agree', async () => {
    const one = await runToEnd({ document: shapesNet, settings, threads: 1 });
    const two = await runToEnd({ document: shapesNet, settings, threads: 2 });
    for (const [events, threads] of [
      [one, 1],
      [two, 2],
    ] as const) {
      expect(events[0]).toMatchObject({
        type: 'started',
        epochs: 1,
        totalBatches: 57,
        backend: 'engine',
        provider: 'cpu',
        threads,
      });
      expect(events.some((e) => e.type === 'batch')).toBe(true);
      const done = events.at(-1)!;
      if (done.type !== 'done') throw new Error(JSON.stringify(done));
      expect(done.stopped).toBe(false);
      expect(done.run).toMatchObject({ backend: 'engine', provider: 'cpu', settings });
      expect(done.classes).toEqual(['vertical', 'horizontal', 'diagonal', 'circle', 'square']);
      expect(done.confusion.flat().reduce((a, b) => a + b, 0)).toBe(500);
      expect(Object.keys(done.weights).sort()).toEqual(['c1', 'c2', 'out']);
    }
    // Data-parallel gradients sum to the single-thread gradient; only float rounding differs.
    const loss = (events: TrainEvent[]) =>
      (events.find((e) => e.type === 'epoch') as Extract<TrainEvent, { type: 'epoch' }>).metrics.loss;
    expect(Math.abs(loss(one) - loss(two))).toBeLessThan(1e-3 * loss(one));
  });

  it('evaluates the trained document like the run did, and shows samples with predictions', async () => {
    const events = await runToEnd({ document: shapesNet, settings: { ...settings, epochs: 2 }, threads: 2 });
    const done = events.at(-1) as Extract<TrainEvent, { type: 'done' }>;
    const trained = { ...shapesNet, weights: done.weights, classes: done.classes };
    const ev = await service.evaluate({ document: trained, dataset: { dataset: 'shapes' }, split: 'test' });
    if (!ev.ok) throw new Error(ev.error);
    expect(ev.accuracy).toBe(done.run.testAccuracy);
    expect(ev.count).toBe(500);
    const all = await service.evaluate({ document: trained, dataset: { dataset: 'shapes' }, split: 'all' });
    expect(all.ok && all.count).toBe(2500);
    const samples = await service.datasetSamples({ dataset: 'shapes', split: 'test', count: 6, document: trained });
    if (!samples.ok) throw new Error(samples.error);
    expect(samples.images).toHaveLength(6);
    expect(samples.shape).toEqual([1, 28, 28]);
    expect(samples.images[0].pixels).toHaveLength(784);
    expect(samples.images[0].probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const untrained = await service.evaluate({ document: shapesNet, dataset: { dataset: 'shapes' }, split: 'test' });
    expect(untrained).toEqual({
      ok: false,
      error: 'the document "Shapes CNN" has no trained weights — train it first',
    });
  });

  it('stops within a batch: done arrives with stopped: true long before the run would end', async () => {
    const t0 = Date.now();
    let stopAt = 0;
    const events = await runToEnd(
      { document: shapesNet, settings: { ...settings, epochs: 50 }, threads: 2 },
      (e, runId) => {
        if (e.type === 'batch' && !stopAt) {
          stopAt = Date.now();
          void service.stop(runId);
        }
      },
    );
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', stopped: true, run: { stoppedEarly: true, epochs: [] } });
    expect(Date.now() - stopAt).toBeLessThan(3000); // one batch, the test evaluation and the weights
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it(
    'reports problems: graph errors at once, dataset mismatch, ' + 'memory refusal and bad settings as error events',
    async () => {
      const broken = structuredClone(shapesNet);
      broken.nodes.push({ id: 'extra', kind: 'dense', params: { units: 5, activation: 'linear', useBias: true } });
      broken.edges.push({ source: 'flat', target: 'extra' });
      expect(await service.start({ document: broken, settings }, () => {})).toEqual({
        ok: false,
        error: expect.stringMatching(/^the network has 2 outputs/),
      });

      const lenet = await runToEnd({ document: example('lenet5'), settings });
      expect(lenet).toEqual([
        expect.objectContaining({
          type: 'error',
          message: expect.stringMatching(/"out" has 10 values but the dataset has 5 classes .* set its units to 5/),
        }),
      ]);

      const tight = new TrainingService({ memoryLimit: 20 * 1024 * 1024 });
      const refused: TrainEvent[] = [];
      const r = await tight.start({ document: shapesNet, settings }, (e) => refused.push(e));
      await tight.finished(r.ok ? r.runId : '');
      expect(refused).toEqual([
        expect.objectContaining({
          type: 'error',
          message: expect.stringMatching(
            /^training needs about \d+ MB of memory, more than the 20 MB allowed; the largest part is/,
          ),
        }),
      ]);

      const bad = await runToEnd({ document: shapesNet, settings: { ...settings, lr: -1 } });
      expect(bad).toEqual([
        expect.objectContaining({
          type: 'error',
          message: 'training setting lr must be a number above 0 and at most 10, not -1',
        }),
      ]);
    },
  );

  it('answers dataset info from a worker', async () => {
    expect(await service.datasetInfo({ dataset: 'shapes', channels: 3, height: 16, width: 16 })).toEqual({
      ok: true,
      info: {
        id: 'shapes',
        name: 'Shapes',
        shape: [3, 16, 16],
        classes: ['vertical', 'horizontal', 'diagonal', 'circle', 'square'],
        trainCount: 2000,
        testCount: 500,
      },
    });
    expect(await service.datasetInfo({ dataset: '/no/such/folder' })).toEqual({
      ok: false,
      error: 'dataset folder /no/such/folder does not exist',
    });
  });
});
