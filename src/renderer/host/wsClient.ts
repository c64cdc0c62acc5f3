/**
 * The browser-mode Host: the typed Api over one WebSocket to `convas serve` (src/main/server). Frames are JSON:
 *   client → server  { id, channel, arg }
 *   server → client  { id, ok: true, result } | { id, ok: false, error }   (a reply)
 *                    { event, payload }                                    (a pushed event)
 * The connection is opened lazily, re-opened with a growing back-off when it drops (0.5 s doubling to 10 s), and
 * requests made while it is down wait for it. Requests in flight when it drops fail with a clear message: they
 * may or may not have run, so they are not replayed.
 */
import type { Api, ApiEvents, ApiRequests, Channel, EventChannel } from '../../shared/api.ts';
import { MAX_FRAME_BYTES } from '../../shared/limits.ts';

export type HostStatus = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Listener = (payload: never) => void;

export class WsHost {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(s: HostStatus) => void>();
  private retryMs = 500;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  status: HostStatus = 'closed';

  constructor(private readonly url: string) {}

  call<C extends Channel>(channel: C, arg: ApiRequests[C]['req']): Promise<ApiRequests[C]['res']> {
    const id = this.nextId++;
    const frame = JSON.stringify({ id, channel, arg: arg === undefined ? null : arg });
    const bytes = frame.length * 3 <= MAX_FRAME_BYTES ? frame.length : new TextEncoder().encode(frame).length;
    if (bytes > MAX_FRAME_BYTES) {
      // The server would drop the connection on it (src/main/server/limits.ts); say why here instead.
      const mb = (n: number) => Math.ceil(n / 1024 / 1024);
      return Promise.reject(
        new Error(`${channel}: the request is ${mb(bytes)} MB; browser mode takes at most ${mb(MAX_FRAME_BYTES)} MB`),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
      else {
        this.queue.push(frame);
        this.connect();
      }
    });
  }

  on<E extends EventChannel>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    this.connect(); // events only arrive over an open socket
    return () => {
      set.delete(listener as Listener);
    };
  }

  onStatus(listener: (s: HostStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  private setStatus(s: HostStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }

  /** Closes the connection for good (tests; a page being torn down). Pending requests fail. */
  close(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close();
    this.socket = null;
    for (const p of this.pending.values()) p.reject(new Error('The Convas connection was closed'));
    this.pending.clear();
    this.queue.length = 0;
    this.setStatus('closed');
  }

  connect(): void {
    if (this.disposed || this.socket || this.retryTimer) return;
    this.setStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
      this.setStatus('open');
      for (const frame of this.queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (e) => this.receive(String(e.data));
    socket.onerror = () => {
      /* always followed by close, which handles it */
    };
    socket.onclose = () => {
      if (this.disposed) return;
      this.socket = null;
      for (const [id, p] of this.pending) {
        // Queued (never sent) requests stay pending; only those already sent are failed.
        if (!this.queue.some((f) => f.startsWith(`{"id":${id},`))) {
          this.pending.delete(id);
          p.reject(
            new Error('Lost the connection to the Convas server before it answered. Is `convas serve` still running?'),
          );
        }
      }
      this.setStatus('closed');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.queue.length > 0 || this.listeners.size > 0) this.connect();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    };
  }

  private receive(text: string): void {
    let msg: { id?: number; ok?: boolean; result?: unknown; error?: string; event?: string; payload?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload as never);
      return;
    }
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!p || msg.id === undefined) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result ?? undefined);
    else p.reject(new Error(msg.error ?? 'The Convas server failed without a message'));
  }
}

let dirty = false;
let guardInstalled = false;

/**
 * Browser mode's stand-in for the Electron window: the tab title shows the document and the unsaved mark, and
 * leaving or closing the tab with unsaved changes asks first (the browser's own "Leave site?" prompt).
 */
function browserWindowState(state: { title: string; dirty: boolean }): void {
  if (typeof document === 'undefined') return;
  document.title = `${state.dirty ? '• ' : ''}${state.title || 'Untitled'} — Convas`;
  dirty = state.dirty;
  if (!guardInstalled) {
    guardInstalled = true;
    window.addEventListener('beforeunload', (e) => {
      if (!dirty) return;
      e.preventDefault();
      e.returnValue = ''; // older Chromium needs this to show the prompt
    });
  }
}

/** The Api over a WsHost: one method per channel, spelled out so the type-checker catches a missing one. */
export function createWsApi(host: WsHost): Api {
  const c =
    <C extends Channel>(channel: C) =>
    (arg?: ApiRequests[C]['req']) =>
      host.call(channel, arg as ApiRequests[C]['req']);
  const api = {
    'app:info': c('app:info'),
    'dialog:open': c('dialog:open'),
    'dialog:save': c('dialog:save'),
    'fs:list': c('fs:list'),
    'file:open': c('file:open'),
    'file:save': c('file:save'),
    'file:recent': c('file:recent'),
    'recovery:save': c('recovery:save'),
    'recovery:load': c('recovery:load'),
    'recovery:clear': c('recovery:clear'),
    'window:state': (state: ApiRequests['window:state']['req']) => {
      browserWindowState(state);
      return host.call('window:state', state);
    },
    'dataset:info': c('dataset:info'),
    'dataset:samples': c('dataset:samples'),
    'train:start': c('train:start'),
    'train:stop': c('train:stop'),
    'train:eval': c('train:eval'),
    'onnx:export': c('onnx:export'),
    'onnx:import': c('onnx:import'),
    'onnx:check': c('onnx:check'),
    'pytorch:export': c('pytorch:export'),
    on: <E extends EventChannel>(event: E, listener: (payload: ApiEvents[E]) => void) => host.on(event, listener),
  } satisfies Record<Channel | 'on', unknown>;
  return api as Api;
}
