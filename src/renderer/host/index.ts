/**
 * The renderer's one door to the outside (Netron's host pattern): `getApi()` returns the typed Api. In Electron
 * the preload exposes it as `window.convas` (one method per channel over IPC); in a browser it is a WebSocket
 * client to `convas serve`, authenticated with the token from the page's URL.
 */
import type { Api } from '../../shared/api.ts';
import { createWsApi, WsHost, type HostStatus } from './wsClient.ts';

export type { HostStatus };

declare global {
  interface Window {
    convas?: Api;
  }
}

let api: Api | null = null;
let wsHost: WsHost | null = null;

/** The URL of browser mode's WebSocket, carrying the page's token. */
export function apiSocketUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'> = window.location): string {
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api?token=${encodeURIComponent(token)}`;
}

export function getApi(): Api {
  if (api) return api;
  if (typeof window !== 'undefined' && window.convas) {
    api = window.convas;
  } else {
    wsHost = new WsHost(apiSocketUrl());
    api = createWsApi(wsHost);
  }
  return api;
}

/**
 * Follows the connection's state (browser mode's WebSocket), so the UI can say "reconnecting…"
 * (common/ConnectionBanner.tsx). In Electron the listener is told 'open' once and never again.
 */
export function onHostStatus(listener: (status: HostStatus) => void): () => void {
  getApi();
  if (!wsHost) {
    listener('open');
    return () => {};
  }
  return wsHost.onStatus(listener);
}
