/**
 * A bounded fuzz of browser mode's HTTP front: malformed request lines, headers, cookies and WebSocket upgrades
 * from a fixed seed, over loopback TCP to a real server. Each request must get an HTTP status (or a close) and
 * never an uncaught exception; after every batch the server must still serve the page and answer the Api.
 */
import { afterEach, expect, it } from 'vitest';
import { createRng } from '../../engine/rng.ts';
import type { RunningServer } from './index.ts';
import { rawExchange, stillServing, testServer } from './testServer.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const SEED = 20261207;
const CASES = 240;
const BATCH = 6;
const TIME_LIMIT_MS = 30_000;

/** Pieces that parsers have tripped on: brackets and colons (hosts, ports), bad escapes, odd bytes, long runs. */
/** Pieces that URL parsers trip on: brackets and colons (hosts, ports), bad escapes, long runs; all printable. */
const TARGET_PARTS = [
  '/',
  '//',
  '[',
  ']',
  ':',
  '@',
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '?',
  '#',
  '..',
  '\\',
  'http://',
  'api',
  'a'.repeat(300),
  ':99999',
  '[::1]',
  '*',
  '{}',
  '|',
];
/** What Node's own parser refuses (it answers 400 before our code runs): a few, so most requests reach us. */
const PARSER_BREAKERS = ['\xff', '\t', ' ', '\x01'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'DELETE'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'http/1.1', ''];
const COOKIE_VALUES = ['%E0%A4%A', '%', '%%', '%C0%AF', '\xff\xfe', 'a=b=c', '"quoted"', ';;', '%u0041'];

type Rng = ReturnType<typeof createRng>;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const chance = (rng: Rng, p: number) => rng.next() < p;

function target(rng: Rng, token: string): string {
  let t = chance(rng, 0.7) ? '/' : '';
  const n = 1 + Math.floor(rng.next() * 4);
  for (let i = 0; i < n; i++) t += pick(rng, chance(rng, 0.03) ? PARSER_BREAKERS : TARGET_PARTS);
  if (chance(rng, 0.3)) t += `?token=${chance(rng, 0.5) ? token : pick(rng, TARGET_PARTS)}`;
  return t;
}

function request(rng: Rng, port: number, token: string): string {
  const upgrade = chance(rng, 0.4);
  const headers: string[] = [];
  const host = pick(rng, [`127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '[', '']);
  if (chance(rng, 0.9)) headers.push(`Host: ${host}`);
  if (chance(rng, 0.1)) headers.push(`Host: 127.0.0.1:${port}`);
  if (chance(rng, 0.5)) headers.push(`Cookie: convas_token_${port}=${pick(rng, COOKIE_VALUES)}`);
  if (chance(rng, 0.2)) headers.push(`Cookie: ${pick(rng, COOKIE_VALUES)}`);
  if (upgrade) {
    headers.push('Connection: Upgrade', `Upgrade: ${pick(rng, ['websocket', 'WebSocket', 'h2c', ''])}`);
    headers.push(`Sec-WebSocket-Version: ${pick(rng, ['13', '8', 'x', ''])}`);
    headers.push(`Sec-WebSocket-Key: ${pick(rng, ['dGhlIHNhbXBsZSBub25jZQ==', 'short', '%E0', ''])}`);
    if (chance(rng, 0.7))
      headers.push(
        `Origin: ${pick(rng, [`http://127.0.0.1:${port}`, 'http://[', 'null', '%', 'http://evil.example'])}`,
      );
  } else {
    headers.push('Connection: close');
  }
  if (chance(rng, 0.1)) headers.push(`Content-Length: ${pick(rng, ['5', '-1', 'x', '99999999999999999999', '0'])}`);
  if (chance(rng, 0.1)) headers.push(`Transfer-Encoding: ${pick(rng, ['chunked', 'gzip, chunked', 'x'])}`);
  if (chance(rng, 0.05)) headers.push(`X-Long: ${'x'.repeat(20_000)}`);
  if (chance(rng, 0.05)) headers.push(pick(rng, ['Bad Header: x', ': empty', 'NoColon', 'X-\x7f: y']));
  const method = chance(rng, 0.8) ? 'GET' : pick(rng, METHODS);
  const version = chance(rng, 0.9) ? 'HTTP/1.1' : pick(rng, VERSIONS);
  const line = `${method} ${target(rng, token)} ${version}`;
  let text = `${line}\r\n${headers.join('\r\n')}\r\n\r\n`;
  if (chance(rng, 0.05)) text += 'zz\r\nnot a chunk\r\n';
  return text;
}

it('no malformed request, header, cookie or upgrade takes the server down', async () => {
  server = await testServer();
  const rng = createRng(SEED);
  const started = Date.now();
  const statuses = new Map<string, number>();
  let reachedUs = 0;
  let sent = 0;
  while (sent < CASES && Date.now() - started < TIME_LIMIT_MS) {
    const batch = Array.from({ length: BATCH }, () => request(rng, server!.port, server!.token));
    sent += batch.length;
    // Short waits: a request the parser is still waiting on (a partial body) is simply abandoned.
    const replies = await Promise.all(batch.map((b) => rawExchange(server!.port, Buffer.from(b, 'latin1'), 400)));
    for (const r of replies) {
      const key = r.status === null ? 'closed' : String(r.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      // Node's parser refuses with a bare 400; our handlers always say why, with a Content-Type.
      if (/content-type:/i.test(r.text)) reachedUs++;
      // Never a server error: every request is answered as what it is, or refused.
      if (r.status !== null) expect(r.status === 503 || r.status < 500).toBe(true);
    }
    expect(await stillServing(server)).toBe(true);
  }
  expect(sent).toBeGreaterThanOrEqual(CASES / 2);
  // The fuzz reached the code under test: many requests got past Node's parser to our handlers (measured: 112
  // of 240 with this seed; the rest Node refuses itself, which is also checked above).
  expect(reachedUs).toBeGreaterThan(sent / 3);
});
