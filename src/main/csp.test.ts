/**
 * The CSP each host gets: the Electron page may not open WebSockets (it talks over IPC); browser mode's page may,
 * to loopback only. The meta tag in src/renderer/index.html is Electron's, and browser mode swaps in its own.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaPolicy, withMetaPolicy } from './csp.ts';
import { devServerUrl } from './electron/devServer.ts';
import { testServer } from './server/testServer.ts';

const indexHtml = join(import.meta.dirname, '..', 'renderer', 'index.html');
const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

let server: Awaited<ReturnType<typeof testServer>> | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('content security policy', () => {
  it('the Electron page connects only to itself', () => {
    for (const delivery of ['header', 'meta'] as const) {
      const policy = contentSecurityPolicy('electron', delivery);
      expect(policy).not.toMatch(/ws:|wss:|\*/);
      expect(directives(policy).get('connect-src')).toEqual(["'self'"]);
    }
  });

  it("browser mode's page may open a WebSocket to loopback and nowhere else", () => {
    const connect = directives(contentSecurityPolicy('browser')).get('connect-src');
    expect(connect).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
  });

  it('frame-ancestors only in a header, where it works', () => {
    expect(directives(contentSecurityPolicy('browser')).get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy('browser', 'meta')).not.toContain('frame-ancestors');
  });

  it("the renderer's meta tag is Electron's policy, word for word", () => {
    expect(metaPolicy(readFileSync(indexHtml, 'utf8'))).toBe(contentSecurityPolicy('electron', 'meta'));
  });

  it('browser mode serves the page with its own policy, in the header and in the meta tag', async () => {
    server = await testServer();
    copyFileSync(indexHtml, join(server.dirs.rendererDir, 'index.html'));
    const res = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy('browser'));
    const html = await res.text();
    expect(metaPolicy(html)).toBe(contentSecurityPolicy('browser', 'meta'));
    expect(html).toBe(withMetaPolicy(readFileSync(indexHtml, 'utf8'), 'browser'));
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
  });
});

describe('dev server URL', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };

  it('is honoured only in an unpackaged app', () => {
    expect(devServerUrl(env, false)).toBe('http://localhost:5173');
    expect(devServerUrl(env, true)).toBe(null);
    expect(devServerUrl({}, false)).toBe(null);
    expect(devServerUrl({ ELECTRON_RENDERER_URL: '' }, false)).toBe(null);
  });
});
