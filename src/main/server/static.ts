/** Serves the built renderer (out/renderer) read-only: GET/HEAD, no directory listings, no path escapes. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, withMetaPolicy } from '../csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Browser mode's policy (../csp.ts); the header also covers responses that are not HTML. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy('browser');

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // The page URL carries the token: never send it to anyone in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path\n');
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  if (rel.includes('\0') || (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep))) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const html = extname(file).toLowerCase() === '.html';
    // The page's meta tag carries Electron's policy; a browser enforces it beside the header, so swap in ours.
    const page = html ? Buffer.from(withMetaPolicy(await readFile(file, 'utf8'), 'browser')) : null;
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': String(page ? page.length : info.size),
      // Vite's assets carry a content hash; the page itself must be fetched afresh to pick up a rebuild.
      'Cache-Control': html ? 'no-store' : 'private, max-age=3600',
      ...extraHeaders,
    });
    if (req.method === 'HEAD') res.end();
    else if (page) res.end(page);
    // pipe() forwards no errors: a file removed between stat and read would throw with no listener.
    else
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
  }
}
