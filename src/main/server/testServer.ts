/**
 * Test helpers for the browser-mode server: a real server from startServer on a temp folder, raw HTTP over a
 * TCP socket (so a test can send request lines no HTTP client would), and a WebSocket client.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Services } from '../ipc/services.ts';
import { startServer, type RunningServer } from './index.ts';

export function serverDirs() {
  const root = mkdtempSync(join(tmpdir(), 'convas-server-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Convas</title>');
  return { root, rendererDir, documentsDir: join(root, 'docs'), stateDir: join(root, 'state') };
}

/** Services that answer without a worker or onnxruntime; dataset:info waits for `gate` when one is set. */
export function quietServices(gate?: { wait: Promise<void>; started: number }): Services {
  const fail = async () => ({ ok: false as const, error: 'not in this test' });
  return {
    training: {
      start: fail,
      async stop() {},
      evaluate: fail,
      async datasetInfo(ref) {
        if (gate) {
          gate.started++;
          await gate.wait;
        }
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

export async function testServer(
  services: Services = quietServices(),
): Promise<RunningServer & { dirs: ReturnType<typeof serverDirs> }> {
  const dirs = serverDirs();
  const s = await startServer({ ...dirs, port: 0, services });
  return { ...s, close: () => s.close(), dirs };
}

export interface RawReply {
  /** The status code of the first response line, or null when the server closed without one. */
  status: number | null;
  text: string;
}

/** Writes `bytes` to the server as they are and collects what comes back until it closes or `ms` pass. */
export function rawExchange(port: number, bytes: string | Buffer, ms = 2000): Promise<RawReply> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      done({ status: m ? Number(m[1]) : null, text });
    };
    const timer = setTimeout(finish, ms);
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

/** A request with the given request line and headers; `Connection: close` unless the headers say otherwise. */
export function rawRequest(port: number, requestLine: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const all = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  const head = Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return rawExchange(port, `${requestLine}\r\n${head}\r\n`);
}

/** The headers of a WebSocket upgrade from our own page. */
export function upgradeHeaders(port: number): Record<string, string> {
  return {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    Origin: `http://127.0.0.1:${port}`,
  };
}

export interface ApiClient {
  ws: WebSocket;
  call(channel: string, arg?: unknown): Promise<{ id: number; ok: boolean; result?: unknown; error?: string }>;
  close(): void;
}

/** A WebSocket client on /api with the token and our Origin; `call` sends one request and awaits its reply. */
export async function apiClient(s: RunningServer): Promise<ApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, {
    headers: { Origin: `http://127.0.0.1:${s.port}` },
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const waiting = new Map<number, (m: never) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    waiting.get(m.id)?.(m as never);
    waiting.delete(m.id);
  });
  let next = 1;
  return {
    ws,
    call(channel, arg) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, arg: arg ?? null }));
      });
    },
    close: () => ws.close(),
  };
}

/** True when the server still serves the page and answers an Api call: what every hostile test ends with. */
export async function stillServing(s: RunningServer): Promise<boolean> {
  const page = await fetch(`http://127.0.0.1:${s.port}/?token=${s.token}`);
  if (page.status !== 200) return false;
  const client = await apiClient(s);
  try {
    const reply = await client.call('app:info');
    return reply.ok && (reply.result as { mode?: string }).mode === 'browser';
  } finally {
    client.close();
  }
}
