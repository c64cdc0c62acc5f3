/**
 * The services behind the shell, reached through browser mode's Api: datasets and a short training run on
 * `shapes` (events pushed over the WebSocket), evaluation of the trained document, and the ONNX channels.
 * The UI tests drive the same paths through the panels; these pin the wiring itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainEvent } from '../src/shared/api.ts';
import { connectApi, expect, ROOT, test } from './fixtures';

const mlp = JSON.parse(readFileSync(join(ROOT, 'resources', 'examples', 'mlp.json'), 'utf8'));
// shapes has five classes.
mlp.nodes.find((n: { id: string }) => n.id === 'out').params.units = 5;
// threads: 1 in the runs below — data-parallel runs (threads ≥ 2) sometimes stalled after 'started' when this was
// written (see the shell helper's report); the training service's own tests cover threads.
const settings = {
  dataset: 'shapes',
  epochs: 1,
  batchSize: 32,
  optimizer: 'adam' as const,
  lr: 0.003,
  momentum: 0.9,
  weightDecay: 0,
  seed: 7,
  valSplit: 0.1,
};

test('datasets: info and samples for shapes', async ({ server }) => {
  const api = await connectApi(server);
  const info = await api.call('dataset:info', { dataset: 'shapes', channels: 1, height: 28, width: 28 });
  expect(info.ok, !info.ok ? info.error : '').toBe(true);
  if (!info.ok) return;
  expect(info.info.shape).toEqual([1, 28, 28]);
  expect(info.info.classes.length).toBeGreaterThan(1);
  const samples = await api.call('dataset:samples', {
    dataset: 'shapes',
    channels: 1,
    height: 28,
    width: 28,
    split: 'test',
    count: 4,
  });
  expect(samples.ok && samples.images.length).toBe(4);
  expect(samples.ok && samples.images[0].pixels.length).toBe(28 * 28);
  const outside = await api.call('dataset:info', { dataset: '/etc' });
  expect(!outside.ok && outside.error).toMatch(/outside the documents folder/);
  api.close();
});

test('training: start on shapes, events arrive, done carries a run and weights; evaluation uses them', async ({
  server,
}) => {
  const api = await connectApi(server);
  const started = await api.call('train:start', { document: mlp, settings, threads: 1 });
  expect(started.ok, !started.ok ? started.error : '').toBe(true);
  if (!started.ok) return;
  const runId = started.runId;
  const finished = () =>
    api.events.map((e) => e.payload as TrainEvent).find((e) => e.type === 'done' || e.type === 'error');
  await expect.poll(() => finished()?.type, { timeout: 90_000 }).toBeTruthy();
  const done = finished()!;
  expect(done.type === 'error' ? done.message : done.type).toBe('done');
  if (done.type !== 'done') return;
  const types = api.events.map((e) => (e.payload as TrainEvent).type);
  expect(types[0]).toBe('started');
  expect(types).toContain('epoch');
  expect(api.events.every((e) => (e.payload as TrainEvent).runId === runId)).toBe(true);
  expect(done.run.epochs).toHaveLength(1);
  expect(Object.keys(done.weights)).toContain('h1');

  const evaluated = await api.call('train:eval', {
    document: { ...mlp, weights: done.weights, classes: done.classes },
    dataset: { dataset: 'shapes' },
    split: 'test',
  });
  expect(evaluated.ok, !evaluated.ok ? evaluated.error : '').toBe(true);
  expect(evaluated.ok && evaluated.count).toBeGreaterThan(0);
  api.close();
});

test('training: a graph with errors is refused at once', async ({ server }) => {
  const api = await connectApi(server);
  const broken = { ...mlp, edges: mlp.edges.filter((e: { source: string }) => e.source !== 'in') };
  const r = await api.call('train:start', { document: broken, settings });
  expect(r.ok).toBe(false);
  api.close();
});

test('training: stop ends a long run with a stopped "done"', async ({ server }) => {
  const api = await connectApi(server);
  const started = await api.call('train:start', { document: mlp, settings: { ...settings, epochs: 50 }, threads: 1 });
  expect(started.ok).toBe(true);
  if (!started.ok) return;
  const mine = () => api.events.map((e) => e.payload as TrainEvent).filter((e) => e.runId === started.runId);
  await expect.poll(() => mine().some((e) => e.type === 'batch'), { timeout: 60_000 }).toBe(true);
  await api.call('train:stop', { runId: started.runId });
  await expect
    .poll(() => mine().find((e) => e.type === 'done' || e.type === 'error')?.type, { timeout: 60_000 })
    .toBe('done');
  const done = mine().find((e) => e.type === 'done');
  expect(done?.type === 'done' && done.stopped).toBe(true);
  api.close();
});

test('ONNX: export into the documents folder, import it back, check it on the CPU', async ({ server }) => {
  const api = await connectApi(server);
  const exported = await api.call('onnx:export', { document: mlp, path: 'mlp.onnx' });
  expect(exported.ok, !exported.ok ? exported.error : '').toBe(true);
  expect(exported.ok && exported.path).toBe(join(server.dir, 'mlp.onnx'));
  expect(exported.ok && exported.bytes).toBeGreaterThan(1000);

  const imported = await api.call('onnx:import', { path: 'mlp.onnx' });
  expect(imported.ok, !imported.ok ? imported.error : '').toBe(true);
  expect(imported.ok && imported.document.nodes.filter((n) => n.kind === 'dense').length).toBe(
    mlp.nodes.filter((n: { kind: string }) => n.kind === 'dense').length,
  );

  const checked = await api.call('onnx:check', {
    path: 'mlp.onnx',
    document: mlp,
    provider: 'cpu',
    dataset: { dataset: 'shapes' },
  });
  expect(checked.ok, !checked.ok ? checked.error : '').toBe(true);
  if (checked.ok) {
    expect(checked.provider).toBe('cpu');
    expect(checked.maxDiff).toBeLessThan(1e-4);
    expect(checked.count).toBeGreaterThan(0);
  }
  const outside = await api.call('onnx:export', { document: mlp, path: '/tmp/escape.onnx' });
  expect(!outside.ok && outside.error).toMatch(/outside the documents folder/);
  api.close();
});
