/**
 * Requests that once ended `convas serve` (an uncaught TypeError from new URL, a URIError from a cookie), sent
 * byte for byte over TCP to a real server, on plain HTTP and on a WebSocket upgrade, and the bounds on what one
 * client can make the server hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from './index.ts';
import { FRAME_BUDGET_BYTES, MAX_CLIENTS, MAX_FRAME_BYTES, MAX_IN_FLIGHT } from './limits.ts';
import { FrameBudget } from './socket.ts';
import {
  apiClient,
  quietServices,
  rawExchange,
  rawRequest,
  stillServing,
  testServer,
  upgradeHeaders,
} from './testServer.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const TARGETS = ['//[', 'http://[', '//a:b/'];

describe('malformed requests get a 400 and the server keeps serving', () => {
  it.each(TARGETS)('GET %s on plain HTTP and on an upgrade', async (target) => {
    server = await testServer();
    const plain = await rawRequest(server.port, `GET ${target} HTTP/1.1`);
    expect(plain.status).toBe(400);
    const upgrade = await rawRequest(server.port, `GET ${target} HTTP/1.1`, upgradeHeaders(server.port));
    expect(upgrade.status).toBe(400);
    expect(await stillServing(server)).toBe(true);
  });

  it('a cookie that does not percent-decode, on plain HTTP and on an upgrade', async () => {
    server = await testServer();
    const Cookie = `convas_token_${server.port}=%E0%A4%A`;
    expect((await rawRequest(server.port, 'GET / HTTP/1.1', { Cookie })).status).toBe(400);
    expect(
      (await rawRequest(server.port, 'GET /api HTTP/1.1', { ...upgradeHeaders(server.port), Cookie })).status,
    ).toBe(400);
    // Someone else's cookie with the same bytes is not ours to judge; our token in the URL still works.
    expect((await rawRequest(server.port, `GET /?token=${server.token} HTTP/1.1`, { Cookie })).status).toBe(200);
    expect((await rawRequest(server.port, 'GET / HTTP/1.1', { Cookie: 'other=%E0%A4%A' })).status).toBe(403);
    expect(await stillServing(server)).toBe(true);
  });

  it("a missing, repeated or malformed Host is a 400; another server's is a 403", async () => {
    server = await testServer();
    const get = `GET /?token=${server.token} HTTP/1.1`;
    const ours = `127.0.0.1:${server.port}`;
    expect((await rawExchange(server.port, `${get}\r\nConnection: close\r\n\r\n`)).status).toBe(400);
    expect((await rawExchange(server.port, `${get}\r\nHost: ${ours}\r\nHost: ${ours}\r\n\r\n`)).status).toBe(400);
    expect((await rawRequest(server.port, get, { Host: '[' })).status).toBe(400);
    expect((await rawRequest(server.port, get, { Host: 'a b' })).status).toBe(400);
    expect((await rawRequest(server.port, get, { Host: 'evil.example' })).status).toBe(403);
    expect((await rawRequest(server.port, get, { Host: `localhost:${server.port}` })).status).toBe(200);
    expect(await stillServing(server)).toBe(true);
  });

  it('absolute-form targets are read, and only for our own host', async () => {
    server = await testServer();
    const own = await rawRequest(server.port, `GET http://127.0.0.1:${server.port}/?token=${server.token} HTTP/1.1`);
    expect(own.status).toBe(200);
    expect((await rawRequest(server.port, `GET http://evil.example/?token=${server.token} HTTP/1.1`)).status).toBe(400);
    expect((await rawRequest(server.port, 'OPTIONS * HTTP/1.1')).status).toBe(400);
  });

  it('a peer that resets an upgrade mid-way does not take the server down', async () => {
    server = await testServer();
    const { connect } = await import('node:net');
    for (let i = 0; i < 20; i++) {
      const s = connect(server.port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      const head = Object.entries({ Host: `127.0.0.1:${server.port}`, ...upgradeHeaders(server.port) })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      s.write(`GET /api?token=${i % 2 ? server.token : 'wrong'} HTTP/1.1\r\n${head}\r\n`);
      s.resetAndDestroy();
    }
    expect(await stillServing(server)).toBe(true);
  });
});

describe('what one client can make the server hold', () => {
  it('limits are from a document, not from V8', () => {
    expect(MAX_FRAME_BYTES).toBe(64 * 1024 * 1024);
    expect(FRAME_BUDGET_BYTES).toBeLessThanOrEqual(4 * MAX_FRAME_BYTES);
  });

  it('a frame over the limit closes that connection with 1009 and nothing else', async () => {
    server = await testServer();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      headers: { Origin: `http://127.0.0.1:${server.port}` },
    });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20));
    expect(await closed).toBe(1009);
    expect(await stillServing(server)).toBe(true);
  });

  it(`runs at most ${MAX_IN_FLIGHT} requests of one client at once; the rest wait, then all are answered`, async () => {
    let open!: () => void;
    const gate = { wait: new Promise<void>((r) => (open = r)), started: 0 };
    server = await testServer(quietServices(gate));
    const client = await apiClient(server);
    const replies = Array.from({ length: 3 * MAX_IN_FLIGHT }, (_, i) =>
      client.call('dataset:info', { dataset: `d${i}` }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(gate.started).toBe(MAX_IN_FLIGHT);
    open();
    const all = await Promise.all(replies);
    expect(all.every((r) => r.ok)).toBe(true);
    expect(gate.started).toBe(3 * MAX_IN_FLIGHT);
    client.close();
  });

  it(`accepts at most ${MAX_CLIENTS} connections; a closed one frees its place`, async () => {
    server = await testServer();
    const clients = [];
    for (let i = 0; i < MAX_CLIENTS; i++) clients.push(await apiClient(server));
    const extra = await rawRequest(server.port, `GET /api?token=${server.token} HTTP/1.1`, upgradeHeaders(server.port));
    expect(extra.status).toBe(503);
    clients.pop()!.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await stillServing(server)).toBe(true);
    for (const c of clients) c.close();
  });

  it('the frame budget admits a lone frame of any size and queues what does not fit', () => {
    const budget = new FrameBudget(100);
    expect(budget.tryTake(500)).toBe(true); // alone: runs, or it never could
    expect(budget.tryTake(1)).toBe(false);
    let woken = 0;
    const stop = budget.wait(() => woken++);
    budget.release(500);
    expect(woken).toBe(1);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(40)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
    stop();
    budget.release(60);
    expect(woken).toBe(1);
  });
});
