/**
 * The renderer's Content Security Policy, per host. One list, so Electron's header, browser mode's header and
 * the meta tag in src/renderer/index.html cannot drift apart (csp.test.ts compares the meta tag with it).
 *
 * Only browser mode talks to its server over a WebSocket, so only its policy names ws: (and only on loopback).
 * The Electron page uses IPC: a ws: source there would let injected script open a socket to any local port.
 * `frame-ancestors` only works in a header (CSP3 §6.4.2: a meta tag ignores it, with a console warning).
 */
export type CspHost = 'electron' | 'browser';

export function contentSecurityPolicy(host: CspHost, delivery: 'header' | 'meta' = 'header'): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    host === 'browser' ? "connect-src 'self' ws://127.0.0.1:* ws://localhost:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(delivery === 'header' ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/** The page's meta policy, read from its HTML; null when it has none. */
export function metaPolicy(html: string): string | null {
  return META_CSP.exec(html)?.[2] ?? null;
}

/**
 * The built page carries Electron's policy in its meta tag; browser mode serves it with its own, so that both
 * policies a browser enforces (header and meta) allow the page's WebSocket.
 */
export function withMetaPolicy(html: string, host: CspHost): string {
  return html.replace(
    META_CSP,
    (_all, open: string, _old: string, close: string) => open + contentSecurityPolicy(host, 'meta') + close,
  );
}
