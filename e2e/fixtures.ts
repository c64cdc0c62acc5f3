/**
 * Shared e2e fixtures. Import `test` and `expect` from here instead of '@playwright/test':
 *
 *   import { test, expect, screenshot } from './fixtures';
 *   test('builds LeNet-5', async ({ app, server }) => {
 *     await app.getByTestId('palette-conv2d').dragTo(…);
 *     await screenshot(app, 'lenet5-built');          // → test-results/screenshots/lenet5-built.png
 *     const api = await connectApi(server);            // the same Api the page uses, from Node
 *     expect((await api.call('file:recent')).length).toBe(1);
 *   });
 *
 * - `server`: one `convas serve --no-open --port 0 --dir <tmp>` per test file (started on first use, stopped
 *   when the next file starts or the worker ends). { url, origin, port, token, dir, home }: `dir` is the documents
 *   folder (empty at start), `home` the state folder (recent files, recovery) — both fresh temp folders.
 * - `app`: a page opened on server.url, loaded (the 'load' event fired).
 * - `connectApi(server)`: a Node WebSocket client speaking the Api ({ call(channel, arg), events, close }).
 * - `screenshot(page, name)`: saves test-results/screenshots/<name>.png and attaches it to the report.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ApiEvents, ApiRequests, Channel, EventChannel } from '../src/shared/api.ts';

export { expect };

export const ROOT = join(import.meta.dirname, '..');

export interface ConvasServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The documents folder (--dir). */
  dir: string;
  /** The state folder (CONVAS_HOME): recent.json, recovery.json. */
  home: string;
  /** Everything the server printed, for diagnosing a failure. */
  output(): string;
}

interface Running extends ConvasServer {
  child: ChildProcess;
  root: string;
}

const LINE = /Convas is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

export async function startServer(extraArgs: string[] = []): Promise<Running> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the e2e tests (`npm run test:e2e` does)');
  }
  const root = mkdtempSync(join(tmpdir(), 'convas-e2e-'));
  const dir = join(root, 'documents');
  const home = join(root, 'home');
  mkdirSync(dir);
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'convas.mjs'), 'serve', '--no-open', '--port', '0', '--dir', dir, ...extraArgs],
    {
      cwd: ROOT,
      env: { ...process.env, CONVAS_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`convas serve printed no URL within 60 s:\n${output}`)), 60_000);
    const look = () => {
      const m = output.match(LINE);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`convas serve exited with ${code}:\n${output}`));
    });
  });
  const port = Number(match[2]);
  return {
    url: match[1],
    origin: `http://127.0.0.1:${port}`,
    port,
    token: match[3],
    dir,
    home,
    root,
    child,
    output: () => output,
  };
}

export async function stopServer(s: Running): Promise<void> {
  if (s.child.exitCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
  rmSync(s.root, { recursive: true, force: true });
}

/** The Api from Node, over the same WebSocket the page uses. */
export interface ApiClient {
  call<C extends Channel>(
    channel: C,
    ...arg: ApiRequests[C]['req'] extends void ? [] : [ApiRequests[C]['req']]
  ): Promise<ApiRequests[C]['res']>;
  /** A raw frame, for testing validation: resolves with the reply { ok, result | error }. */
  raw(channel: string, arg: unknown): Promise<{ ok: boolean; result?: unknown; error?: string }>;
  events: { event: EventChannel; payload: ApiEvents[EventChannel] }[];
  close(): void;
}

export async function connectApi(server: Pick<ConvasServer, 'port' | 'token' | 'origin'>): Promise<ApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    headers: { Origin: server.origin },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (reply: { ok: boolean; result?: unknown; error?: string }) => void>();
  const events: ApiClient['events'] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (typeof msg.event === 'string') events.push({ event: msg.event, payload: msg.payload });
    else waiting.get(msg.id)?.(msg);
  });
  const raw: ApiClient['raw'] = (channel, arg) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, arg }));
    });
  return {
    raw,
    events,
    async call(channel, ...arg) {
      const reply = await raw(channel, arg[0]);
      if (!reply.ok) throw new Error(reply.error);
      return reply.result as never;
    },
    close: () => ws.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ROOT, 'test-results', 'screenshots', `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await base.info().attach(name, { path, contentType: 'image/png' });
  return path;
}

// One server per test file: a test-scoped fixture that keeps the current file's server across its tests.
let current: { file: string; server: Running } | null = null;

export const test = base.extend<{ server: ConvasServer; app: Page }, { serverCleanup: void }>({
  serverCleanup: [
    async ({}, use) => {
      await use();
      if (current) await stopServer(current.server);
      current = null;
    },
    { scope: 'worker', auto: true },
  ],
  server: async ({}, use, testInfo) => {
    if (!current || current.file !== testInfo.file || current.server.child.exitCode !== null) {
      if (current) await stopServer(current.server);
      current = { file: testInfo.file, server: await startServer() };
    }
    await use(current.server);
  },
  app: async ({ page, server }, use) => {
    await page.goto(server.url, { waitUntil: 'load' });
    await use(page);
  },
});
