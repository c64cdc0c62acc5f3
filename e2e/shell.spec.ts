/**
 * The shell in browser mode: the token, loopback binding, and documents through the Api (save/open round trip,
 * a malformed file's message, atomic saves, the documents-folder fence).
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { connectApi, expect, ROOT, screenshot, test, type ApiClient } from './fixtures';

const lenet5 = JSON.parse(readFileSync(join(ROOT, 'resources', 'examples', 'lenet5.json'), 'utf8'));

/** A fresh subfolder of the documents folder for one test (the server is shared by the file's tests). */
function folder(server: { dir: string }, name: string): string {
  const dir = join(server.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The example as the loader returns it (missing params filled with defaults): what a save writes back. */
async function loaded(api: ApiClient, server: { dir: string }) {
  writeFileSync(join(folder(server, 'examples'), 'lenet5.json'), JSON.stringify(lenet5));
  const r = await api.call('file:open', { path: 'examples/lenet5.json' });
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

/** Resolves with the HTTP status that refused a WebSocket, or 101 when it opened. */
function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

test.describe('token', () => {
  test('the page needs the token; the token sets a cookie that serves the assets', async ({ server }) => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect((await fetch(`${server.origin}/`)).status).toBe(403);
    expect((await fetch(`${server.origin}/index.html`)).status).toBe(403);
    expect((await fetch(`${server.origin}/?token=${'x'.repeat(43)}`)).status).toBe(403);
    expect((await fetch(`${server.origin}/?token=`)).status).toBe(403);

    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    expect(cookie).toBe(`convas_token_${server.port}=${server.token}`);
    const html = await ok.text();
    const asset = html.match(/src="\.?\/?(assets\/[^"]+\.js)"/)![1];
    expect((await fetch(`${server.origin}/${asset}`)).status).toBe(403);
    expect((await fetch(`${server.origin}/${asset}`, { headers: { cookie } })).status).toBe(200);
  });

  test('a foreign Host header is refused (DNS rebinding)', async ({ server }) => {
    const status = await new Promise<number>((resolve) => {
      const socket = createConnection(server.port, '127.0.0.1', () => {
        socket.write(
          `GET /?token=${server.token} HTTP/1.1\r\nHost: evil.example:${server.port}\r\nConnection: close\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(Number(text.split(' ')[1])));
    });
    expect(status).toBe(403);
  });

  test('the WebSocket needs the token and our own Origin', async ({ server }) => {
    const api = `ws://127.0.0.1:${server.port}/api`;
    expect(await wsStatus(api, { Origin: server.origin })).toBe(403);
    expect(await wsStatus(`${api}?token=wrong`, { Origin: server.origin })).toBe(403);
    expect(await wsStatus(`${api}?token=${server.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus(`${api}?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await wsStatus(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, { Origin: server.origin })).toBe(
      403,
    );
    expect(await wsStatus(`${api}?token=${server.token}`, { Origin: server.origin })).toBe(101);
    // The cookie alone also admits the page's own socket.
    expect(await wsStatus(api, { Origin: server.origin, Cookie: `convas_token_${server.port}=${server.token}` })).toBe(
      101,
    );
  });

  test('the page itself talks to the Api', async ({ app, server }) => {
    await expect(app).toHaveTitle(/Convas/);
    const info = await app.evaluate(async (token) => {
      const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
      await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
      const reply = new Promise<string>((r) => (ws.onmessage = (e) => r(String(e.data))));
      ws.send(JSON.stringify({ id: 7, channel: 'app:info', arg: null }));
      const text = await reply;
      ws.close();
      return JSON.parse(text);
    }, server.token);
    expect(info).toMatchObject({
      id: 7,
      ok: true,
      result: { mode: 'browser', nativeDialogs: false, documentsDir: server.dir },
    });
    await screenshot(app, 'shell-browser-mode');
  });
});

test('the app loads under its CSP, talks to the server, and logs no errors', async ({ page, server }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(server.url, { waitUntil: 'load' });
  await expect(page.locator('#root')).not.toBeEmpty();
  await expect.poll(() => sockets.length, { message: 'the page opened no WebSocket to the Api' }).toBeGreaterThan(0);
  expect(sockets[0]).toBe(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  await page.waitForTimeout(1000); // let the first requests and the example load settle
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  expect(problems).toEqual([]);
  await screenshot(page, 'shell-app-loaded');
});

test('binds loopback only', async ({ server }) => {
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  test.skip(!lan, 'this machine has no non-loopback IPv4 address to try');
  const reached = await new Promise<boolean>((resolve) => {
    const socket = createConnection(server.port, lan!.address);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  expect(reached, `port ${server.port} must not answer on ${lan!.address}`).toBe(false);
});

test.describe('documents', () => {
  test('save then open round-trips the document exactly, and lists it', async ({ server }) => {
    const api = await connectApi(server);
    const doc = await loaded(api, server);
    const dir = folder(server, 'roundtrip');
    const saved = await api.call('file:save', { path: 'roundtrip/lenet5.convas.json', document: doc });
    expect(saved).toEqual({ ok: true, path: join(dir, 'lenet5.convas.json') });
    const bytes = readFileSync(join(dir, 'lenet5.convas.json'), 'utf8');
    expect(JSON.parse(bytes)).toEqual(doc);

    const opened = await api.call('file:open', { path: join(dir, 'lenet5.convas.json') });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.document).toEqual(doc);
    // Saving what was opened writes the very same bytes.
    await api.call('file:save', { path: 'roundtrip/again.json', document: opened.document });
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe(bytes);

    const listed = await api.call('fs:list', { dir: 'roundtrip', extensions: ['json'] });
    expect(listed.ok && listed.entries.map((e) => e.name)).toEqual(['again.json', 'lenet5.convas.json']);
    expect(listed.ok && listed.parent).toBe(server.dir);
    expect((await api.call('file:recent')).slice(0, 2)).toEqual([
      join(dir, 'again.json'),
      join(dir, 'lenet5.convas.json'),
    ]);
    api.close();
  });

  test('a malformed or newer file gives the loader message', async ({ server }) => {
    const api = await connectApi(server);
    const dir = folder(server, 'malformed');
    writeFileSync(join(dir, 'broken.json'), '{ "format": "convas.graph", ');
    const bad = await api.call('file:open', { path: 'malformed/broken.json' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/broken\.json: not valid JSON/);

    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...lenet5, version: 99 }));
    const newer = await api.call('file:open', { path: 'malformed/future.json' });
    expect(!newer.ok && newer.error).toMatch(/future\.json: this document has version 99, written by a newer Convas/);

    const zero = structuredClone(lenet5);
    zero.nodes[1].params.filters = 0;
    writeFileSync(join(dir, 'zero.json'), JSON.stringify(zero));
    const field = await api.call('file:open', { path: 'malformed/zero.json' });
    expect(!field.ok && field.error).toMatch(/nodes\[1\]\.params\.filters/);

    const missing = await api.call('file:open', { path: 'malformed/nope.json' });
    expect(!missing.ok && missing.error).toMatch(/nope\.json: no such file/);
    api.close();
  });

  test('saves are atomic: no temp files left, concurrent saves leave one whole document', async ({ server }) => {
    const api = await connectApi(server);
    const dir = folder(server, 'atomic');
    const docs = Array.from({ length: 8 }, (_, i) => ({ ...lenet5, name: `LeNet-5 #${i}` }));
    const results = await Promise.all(
      docs.map((document) => api.call('file:save', { path: 'atomic/race.json', document })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const text = readFileSync(join(dir, 'race.json'), 'utf8');
    expect(docs.map((d) => d.name)).toContain(JSON.parse(text).name);
    expect(readdirSync(dir)).toEqual(['race.json']);

    // A failing save (its folder does not exist) leaves the old file and no temp file either.
    const failed = await api.call('file:save', { path: 'atomic/missing-folder/x.json', document: lenet5 });
    expect(!failed.ok && failed.error).toMatch(/missing-folder\/x\.json: no such file or folder/);
    // A document the loader would refuse is never written.
    const invalid = await api.call('file:save', {
      path: 'atomic/race.json',
      document: { ...lenet5, edges: [{ source: 'in', target: 'ghost' }] },
    });
    expect(!invalid.ok && invalid.error).toMatch(/cannot save "LeNet-5": .*ghost/);
    expect(readdirSync(dir)).toEqual(['race.json']);
    expect(readFileSync(join(dir, 'race.json'), 'utf8')).toBe(text);
    api.close();
  });

  test('browser mode never leaves the documents folder', async ({ server }) => {
    const api = await connectApi(server);
    writeFileSync(join(server.dir, '..', 'outside.json'), JSON.stringify(lenet5));
    for (const path of ['../outside.json', join(server.dir, '..', 'outside.json'), '/etc/passwd']) {
      const r = await api.call('file:open', { path });
      expect(!r.ok && r.error, path).toMatch(/outside the documents folder/);
    }
    const write = await api.call('file:save', { path: '../escape.json', document: lenet5 });
    expect(!write.ok && write.error).toMatch(/outside the documents folder/);

    // Symbolic links out of the folder are refused and not listed; links inside it are fine.
    const dir = folder(server, 'fence');
    symlinkSync(join(server.dir, '..'), join(dir, 'up'));
    symlinkSync(join(server.dir, '..', 'outside.json'), join(dir, 'link.json'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'inside.json'), JSON.stringify(lenet5));
    symlinkSync(join(dir, 'sub', 'inside.json'), join(dir, 'good.json'));
    expect(lstatSync(join(dir, 'up')).isSymbolicLink()).toBe(true);
    expect(await api.call('file:open', { path: 'fence/link.json' })).toMatchObject({ ok: false });
    expect(await api.call('file:open', { path: 'fence/good.json' })).toMatchObject({ ok: true });
    expect(await api.call('file:save', { path: 'fence/up/escape.json', document: lenet5 })).toMatchObject({
      ok: false,
    });
    expect(await api.call('fs:list', { dir: 'fence/up' })).toMatchObject({ ok: false });
    expect(await api.call('fs:list', { dir: '/' })).toMatchObject({ ok: false });
    expect(await api.call('fs:list', { dir: '..' })).toMatchObject({ ok: false });
    const listed = await api.call('fs:list', { dir: 'fence' });
    expect(listed.ok && listed.entries.map((e) => e.name)).toEqual(['sub', 'good.json']);
    expect(listed.ok && listed.parent).toBe(server.dir);
    const top = await api.call('fs:list', {});
    expect(top.ok && top.dir).toBe(server.dir);
    expect(top.ok && top.parent).toBe(null);
    api.close();
  });

  test('requests are validated before any handler runs', async ({ server }) => {
    const api = await connectApi(server);
    expect(await api.raw('file:delete', { path: 'x' })).toMatchObject({
      ok: false,
      error: 'unknown channel "file:delete"',
    });
    const bad = await api.raw('file:save', { path: 'x.json', document: { ...lenet5, format: 'other' } });
    expect(bad).toMatchObject({ ok: false });
    expect(bad.error).toMatch(/^file:save: invalid request \(document\.format/);
    expect((await api.raw('file:open', {})).error).toMatch(/path/);
    expect((await api.raw('window:state', { title: 'x', dirty: 'yes' })).error).toMatch(/dirty/);
    expect(readdirSync(server.dir)).not.toContain('x.json');
    api.close();
  });

  test('recovery: save, load, clear', async ({ server }) => {
    const api = await connectApi(server);
    await api.call('recovery:clear');
    expect(await api.call('recovery:load')).toBe(null);
    const doc = await loaded(api, server);
    await api.call('recovery:save', { document: doc, path: null });
    const back = await api.call('recovery:load');
    expect(back?.document).toEqual(doc);
    expect(back?.path).toBe(null);
    expect(Date.now() - Date.parse(back!.savedAt)).toBeLessThan(60_000);
    await api.call('recovery:clear');
    expect(await api.call('recovery:load')).toBe(null);
    api.close();
  });
});
