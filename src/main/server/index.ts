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
import { MAX_CLIENTS, MAX_FRAME_BYTES } from './limits.ts';
import { plainResponse, refuseUpgrade, requestTarget } from './request.ts';
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

const statusWord = (status: 400 | 403) => (status === 400 ? 'Bad request' : 'Forbidden');

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const rendererDir = resolve(o.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new RendererMissing(
      `the app is not built (${join(rendererDir, 'index.html')} is missing): run \`npm run build\` first`,
    );
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

  // Whatever a request holds, a handler that throws answers 400 and the server keeps serving: an uncaught
  // exception here would end `convas serve` for every tab, and any local process can send one.
  server.on('request', (req, res) => {
    try {
      securityHeaders(res);
      const url = requestTarget(req.url, guard.allowedHosts());
      if (!url) return plainResponse(res, 400, 'Bad request: malformed request target\n');
      const verdict = guard.check(req, url);
      if (!verdict.ok) {
        const hint =
          verdict.status === 403 ? " Open the address `convas serve` printed: it carries this launch's token." : '';
        return plainResponse(res, verdict.status, `${statusWord(verdict.status)} (${verdict.reason}).${hint}\n`);
      }
      const extra: Record<string, string> = verdict.viaQuery ? { 'Set-Cookie': guard.setCookie() } : {};
      serveStatic(rendererDir, req, res, url.pathname, extra).catch(() => plainResponse(res, 500, 'Internal error\n'));
    } catch {
      plainResponse(res, 400, 'Bad request\n');
    }
  });

  server.on('upgrade', (req, socket: Duplex, head) => {
    // Node hands an upgrade's socket over without an 'error' listener: a peer that resets it would crash us.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestTarget(req.url, guard.allowedHosts());
      if (!url) return refuseUpgrade(socket, 400, 'Bad request: malformed request target');
      const verdict =
        url.pathname === '/api'
          ? guard.checkUpgrade(req, url)
          : ({ ok: false, status: 403, reason: 'no such endpoint' } as const);
      if (!verdict.ok)
        return refuseUpgrade(socket, verdict.status, `${statusWord(verdict.status)} (${verdict.reason})`);
      if (wss.clients.size >= MAX_CLIENTS)
        return refuseUpgrade(socket, 503, `Busy: at most ${MAX_CLIENTS} pages at once`);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch {
      refuseUpgrade(socket, 400, 'Bad request');
    }
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
