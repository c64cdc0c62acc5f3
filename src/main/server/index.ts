/**
 * Browser mode: `convas serve`. One http server on 127.0.0.1 serves the built renderer and, at /api, the same
 * Api as Electron's IPC over a WebSocket. Every request needs the per-launch token (see ./auth.ts).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { createHandlers } from '../ipc/index.ts';
import type { Services } from '../ipc/services.ts';
import { createHostContext } from '../ipc/wiring.ts';
import { Guard, newToken } from './auth.ts';
import { attachApi, broadcast } from './socket.ts';
import { securityHeaders, serveStatic } from './static.ts';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  documentsDir: string;
  stateDir: string;
  services?: Services;
  /** For tests; otherwise a fresh random token. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export class RendererMissing extends Error {}

/** The WebSocket frames can carry whole documents with trained weights. */
const MAX_FRAME_BYTES = 512 * 1024 * 1024;

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const rendererDir = resolve(o.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new RendererMissing(`the app is not built (${join(rendererDir, 'index.html')} is missing): run \`npm run build\` first`);
  }
  const token = o.token ?? newToken();
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const ctx = createHostContext({
    mode: 'browser',
    documentsDir: o.documentsDir,
    stateDir: o.stateDir,
    dialogs: null,
    emit: (event, payload) => broadcast(wss, event, payload),
    services: o.services,
  });
  attachApi(wss, createHandlers(ctx));

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    // Loopback only: never 0.0.0.0 or ::, whatever the port.
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const guard = new Guard(token, port);

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    securityHeaders(res);
    const verdict = guard.check(req, url);
    if (!verdict.ok) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Forbidden (${verdict.reason}). Open the address \`convas serve\` printed: it carries this launch's token.\n`);
      return;
    }
    void serveStatic(rendererDir, req, res, url.pathname, verdict.viaQuery ? { 'Set-Cookie': guard.setCookie() } : {});
  });

  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = url.pathname === '/api' ? guard.checkUpgrade(req, url) : ({ ok: false, reason: 'no such endpoint' } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nForbidden (${verdict.reason})\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await ctx.services.training.dispose?.();
    },
  };
}
