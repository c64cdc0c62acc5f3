/**
 * Browser mode's guard. The server binds 127.0.0.1, but any local web page or process can reach loopback, so
 * every request must also carry a random per-launch token: in the URL (`?token=…`, as printed at start) or in
 * the cookie set on the first tokened page load. The Host header must name our loopback address (defeats DNS
 * rebinding) and a WebSocket's Origin must be our own page (defeats cross-site WebSocket hijacking).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986 §3.2.2): an IP literal in brackets or a reg-name. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::[0-9]*)?$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function cookieName(port: number): string {
  // Cookies ignore ports, so two servers on one machine need different names.
  return `convas_token_${port}`;
}

function same(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Our cookie's value; undefined when it is not percent-decodable (any page on 127.0.0.1 can set a cookie). */
function cookie(req: IncomingMessage, name: string): string | null | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return null;
}

/** 400 for a request we cannot read (malformed cookie), 403 for one we read and refuse. */
export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 400 | 403; reason: string };

export class Guard {
  constructor(
    readonly token: string,
    readonly port: number,
  ) {}

  allowedHosts(): string[] {
    return [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
  }

  check(req: IncomingMessage, url: URL): Verdict {
    // RFC 9112 §3.2: a missing, repeated or invalid Host is a 400; a valid one naming another server, a 403.
    const hosts = req.headersDistinct.host ?? [];
    if (hosts.length !== 1 || !HOST.test(hosts[0])) {
      return { ok: false, status: 400, reason: 'missing, repeated or malformed Host header' };
    }
    if (!this.allowedHosts().includes(hosts[0])) return { ok: false, status: 403, reason: 'wrong Host header' };
    if (same(url.searchParams.get('token'), this.token)) return { ok: true, viaQuery: true };
    const name = cookieName(this.port);
    const value = cookie(req, name);
    if (value === undefined) return { ok: false, status: 400, reason: `malformed cookie ${name}` };
    if (same(value, this.token)) return { ok: true, viaQuery: false };
    return { ok: false, status: 403, reason: 'missing or wrong token' };
  }

  /** A WebSocket upgrade also needs our own Origin when a browser sends one (browsers always do). */
  checkUpgrade(req: IncomingMessage, url: URL): Verdict {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.allowedHosts().some((h) => origin === `http://${h}`))
      return { ok: false, status: 403, reason: `foreign Origin ${origin}` };
    return this.check(req, url);
  }

  setCookie(): string {
    return `${cookieName(this.port)}=${encodeURIComponent(this.token)}; Path=/; HttpOnly; SameSite=Strict`;
  }
}
