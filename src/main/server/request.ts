/**
 * Reading a request's target without trusting it. Node's HTTP parser passes request lines such as `GET //[` or
 * `GET http://[` through untouched, and `new URL(target, base)` throws on them (a target starting with `//` is read
 * as a host), so every target goes through requestTarget, and anything it cannot read gets a 400.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * origin-form = absolute-path [ "?" query ] (RFC 9112 §3.2.1), from RFC 3986's characters only: pchar is
 * unreserved / pct-encoded / sub-delims / ":" / "@" (§3.3), and a query adds "/" and "?" (§3.4).
 */
const ORIGIN_FORM = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/**
 * The URL a request-target names (RFC 9112 §3.2), or null when it is malformed or names another server.
 * origin-form (`/path?query`) is what browsers send; absolute-form (`http://host/path`) must be accepted too
 * (§3.2.2), but only for our own host. authority-form and asterisk-form mean nothing to this server.
 */
export function requestTarget(raw: string | undefined, ownHosts: readonly string[]): URL | null {
  if (!raw) return null;
  try {
    if (raw.startsWith('/')) {
      // `//x` is a network-path reference (RFC 3986 §4.2): URL parsers read x as a host. None of our URLs has one.
      if (raw.startsWith('//') || !ORIGIN_FORM.test(raw)) return null;
      const url = new URL(`http://127.0.0.1${raw}`);
      return url.host === '127.0.0.1' ? url : null;
    }
    const url = new URL(raw);
    return url.protocol === 'http:' && ownHosts.includes(url.host) ? url : null;
  } catch {
    return null;
  }
}

export function plainResponse(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 503: 'Service Unavailable' };

/** Answers a refused WebSocket upgrade on its raw socket and closes it. */
export function refuseUpgrade(socket: Duplex, status: 400 | 403 | 503, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
