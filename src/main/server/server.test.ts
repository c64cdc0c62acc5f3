import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TrainEvent } from '../../shared/api.ts';
import type { Services } from '../ipc/services.ts';
import { startServer, RendererMissing, type RunningServer } from './index.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'convas-server-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Convas</title>');
  return { root, rendererDir, documentsDir: join(root, 'docs'), stateDir: join(root, 'state') };
}

/** Fake services: train:start emits two events, and every call is recorded. */
function fakeServices(calls: unknown[]): Services {
  const fail = async () => ({ ok: false as const, error: 'fake' });
  return {
    training: {
      async start(req, emit) {
        calls.push(['start', req.settings.dataset]);
        setTimeout(() => {
          emit({
            type: 'batch',
            runId: 'r1',
            epoch: 0,
            batch: 1,
            batchesPerEpoch: 2,
            loss: 1,
            accuracy: 0.5,
            samplesPerSecond: 9,
          } as TrainEvent);
          emit({ type: 'error', runId: 'r1', message: 'boom' });
        }, 5);
        return { ok: true, runId: 'r1' };
      },
      async stop(runId) {
        calls.push(['stop', runId]);
      },
      evaluate: fail,
      async datasetInfo(ref) {
        calls.push(['info', ref.dataset]);
        return {
          ok: true,
          info: { id: ref.dataset, name: 'x', shape: [1, 2, 2], classes: ['a'], trainCount: 1, testCount: 1 },
        };
      },
      datasetSamples: fail,
    },
    onnx: { exportOnnx: fail, importOnnx: fail, checkOnnx: fail },
  };
}

async function client(s: RunningServer) {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, {
    headers: { Origin: `http://127.0.0.1:${s.port}` },
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field below
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const reply = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const m = messages.find((x) => x.id === id);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply to ${id}`);
  };
  return { ws, messages, reply };
}

const settings = {
  dataset: 'shapes',
  epochs: 1,
  batchSize: 8,
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0,
  weightDecay: 0,
  seed: 1,
  valSplit: 0,
};
const doc = { format: 'convas.graph', version: 2, name: 'x', nodes: [], edges: [] };

describe('browser-mode server', () => {
  it('refuses to start without a built renderer', async () => {
    const d = dirs();
    await expect(startServer({ ...d, port: 0, rendererDir: join(d.root, 'none') })).rejects.toBeInstanceOf(
      RendererMissing,
    );
    await expect(startServer({ ...d, port: 0, rendererDir: join(d.root, 'none') })).rejects.toThrow(/npm run build/);
  });

  it('routes requests to the services, pushes their events, and fences dataset folders', async () => {
    const calls: unknown[] = [];
    const d = dirs();
    server = await startServer({ ...d, port: 0, services: fakeServices(calls) });
    const { ws, messages, reply } = await client(server);
    ws.send(JSON.stringify({ id: 1, channel: 'train:start', arg: { document: doc, settings } }));
    expect(await reply(1)).toEqual({ id: 1, ok: true, result: { ok: true, runId: 'r1' } });
    for (let i = 0; i < 100 && messages.filter((m) => m.event).length < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(messages.filter((m) => m.event).map((m) => [m.event, m.payload.type])).toEqual([
      ['train:event', 'batch'],
      ['train:event', 'error'],
    ]);
    ws.send(JSON.stringify({ id: 2, channel: 'train:stop', arg: { runId: 'r1' } }));
    expect(await reply(2)).toEqual({ id: 2, ok: true, result: null });
    ws.send(JSON.stringify({ id: 3, channel: 'dataset:info', arg: { dataset: 'my-images' } }));
    expect((await reply(3)).result.info.id).toBe(join(d.documentsDir, 'my-images'));
    ws.send(JSON.stringify({ id: 4, channel: 'dataset:info', arg: { dataset: '/etc' } }));
    expect((await reply(4)).result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/outside the documents folder/),
    });
    ws.send(
      JSON.stringify({
        id: 5,
        channel: 'train:start',
        arg: { document: doc, settings: { ...settings, dataset: '../x' } },
      }),
    );
    expect((await reply(5)).result).toMatchObject({ ok: false });
    ws.send('not json');
    ws.send(JSON.stringify({ id: 6, channel: 'app:info' }));
    expect((await reply(6)).result).toMatchObject({
      mode: 'browser',
      nativeDialogs: false,
      documentsDir: d.documentsDir,
    });
    expect(messages.some((m) => m.id === null && /bad frame/.test(m.error))).toBe(true);
    expect(calls).toEqual([
      ['start', 'shapes'],
      ['stop', 'r1'],
      ['info', join(d.documentsDir, 'my-images')],
    ]);
    ws.close();
  });

  it('dialogs answer null in browser mode', async () => {
    server = await startServer({ ...dirs(), port: 0, services: fakeServices([]) });
    const { ws, reply } = await client(server);
    ws.send(JSON.stringify({ id: 1, channel: 'dialog:open', arg: {} }));
    expect(await reply(1)).toEqual({ id: 1, ok: true, result: null });
    ws.close();
  });
});
