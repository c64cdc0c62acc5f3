// The browser-mode Api client against a real `convas serve` server (fake services), in Node: `ws` provides the
// browser WebSocket interface the client uses.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvents } from '../../shared/api.ts';
import { MAX_FRAME_BYTES } from '../../shared/limits.ts';
import type { Services } from '../../main/ipc/services.ts';
import { startServer, type RunningServer } from '../../main/server/index.ts';
import { apiSocketUrl } from './index.ts';
import { createWsApi, WsHost } from './wsClient.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const servers: RunningServer[] = [];
const hosts: WsHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) h.close();
  for (const s of servers.splice(0)) await s.close();
});

function options(port = 0) {
  const root = mkdtempSync(join(tmpdir(), 'convas-host-'));
  mkdirSync(join(root, 'r'));
  writeFileSync(join(root, 'r', 'index.html'), '<title>Convas</title>');
  let release = () => {};
  const services: Services = {
    training: {
      async start(_req, emit) {
        setTimeout(() => emit({ type: 'error', runId: 'r1', message: 'fake' }), 5);
        return { ok: true, runId: 'r1' };
      },
      async stop() {},
      // Never answers until released: lets a test drop the connection mid-request.
      evaluate: () => new Promise((resolve) => (release = () => resolve({ ok: false, error: 'late' }))),
      datasetInfo: async () => ({ ok: false, error: 'fake' }),
      datasetSamples: async () => ({ ok: false, error: 'fake' }),
    },
    onnx: {
      exportOnnx: async () => ({ ok: false, error: 'x' }),
      importOnnx: async () => ({ ok: false, error: 'x' }),
      checkOnnx: async () => ({ ok: false, error: 'x' }),
    },
  };
  return {
    opts: {
      port,
      rendererDir: join(root, 'r'),
      documentsDir: join(root, 'd'),
      stateDir: join(root, 's'),
      services,
      token: 'test-token',
    },
    release: () => release(),
  };
}

const doc = { format: 'convas.graph' as const, version: 2 as const, name: 'x', nodes: [], edges: [] };
const settings = {
  dataset: 'shapes',
  epochs: 1,
  batchSize: 8,
  optimizer: 'sgd' as const,
  lr: 0.1,
  momentum: 0,
  weightDecay: 0,
  seed: 1,
  valSplit: 0,
};

describe('WebSocket Api client', () => {
  it('builds its URL from the page address', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a+b' })).toBe(
      'ws://127.0.0.1:5000/api?token=a%20b',
    );
  });

  it('calls channels, receives events, unsubscribes', async () => {
    const { opts } = options();
    const server = await startServer(opts);
    servers.push(server);
    const host = new WsHost(`ws://127.0.0.1:${server.port}/api?token=test-token`);
    hosts.push(host);
    const api = createWsApi(host);
    expect(await api['app:info']()).toMatchObject({ mode: 'browser', nativeDialogs: false });
    const got: ApiEvents['train:event'][] = [];
    const off = api.on('train:event', (e) => got.push(e));
    expect(await api['train:start']({ document: doc, settings })).toEqual({ ok: true, runId: 'r1' });
    await expect.poll(() => got.length).toBe(1);
    off();
    await api['train:start']({ document: doc, settings });
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(1);
    await expect(api['file:open']({ path: 42 as unknown as string })).rejects.toThrow(/file:open: invalid request/);
  });

  it('fails requests in flight when the server goes, and reconnects when it is back', async () => {
    const { opts } = options();
    const first = await startServer(opts);
    const port = first.port;
    const host = new WsHost(`ws://127.0.0.1:${port}/api?token=test-token`);
    hosts.push(host);
    const api = createWsApi(host);
    const statuses: string[] = [];
    host.onStatus((s) => statuses.push(s));
    expect((await api['app:info']()).mode).toBe('browser');
    const pending = api['train:eval']({ document: doc, dataset: { dataset: 'shapes' }, split: 'test' }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 20));
    await first.close();
    expect(await pending).toMatch(/Lost the connection to the Convas server/);
    const again = api['app:info'](); // queued while down
    const second = await startServer({ ...options(port).opts });
    servers.push(second);
    expect((await again).mode).toBe('browser');
    expect(statuses).toContain('closed');
    expect(statuses.at(-1)).toBe('open');
  });

  it('a wrong token is refused and requests wait instead of crashing', async () => {
    const { opts } = options();
    const server = await startServer(opts);
    servers.push(server);
    const host = new WsHost(`ws://127.0.0.1:${server.port}/api?token=wrong`);
    hosts.push(host);
    const api = createWsApi(host);
    const result = await Promise.race([
      api['app:info']().then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('waiting'), 300)),
    ]);
    expect(result).toBe('waiting');
    expect(host.status).not.toBe('open');
  });

  it('refuses a request larger than the server takes, with its size, and keeps the connection', async () => {
    const { opts } = options();
    const server = await startServer(opts);
    servers.push(server);
    const host = new WsHost(`ws://127.0.0.1:${server.port}/api?token=test-token`);
    hosts.push(host);
    const api = createWsApi(host);
    expect((await api['app:info']()).mode).toBe('browser');
    const big = {
      ...doc,
      nodes: [{ id: 'a', kind: 'input', params: {} }],
      weights: { a: { W: 'A'.repeat(MAX_FRAME_BYTES) } },
    };
    await expect(api['recovery:save']({ document: big, path: null })).rejects.toThrow(
      /^recovery:save: the request is 65 MB; browser mode takes at most 64 MB$/,
    );
    expect(host.status).toBe('open');
    expect((await api['app:info']()).mode).toBe('browser');
  });
});
