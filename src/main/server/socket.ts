/**
 * The Api over WebSocket frames (the browser side is src/renderer/host/wsClient.ts):
 *   request  { id: number, channel: string, arg: unknown }
 *   reply    { id, ok: true, result } | { id, ok: false, error }
 *   event    { event: string, payload: unknown }   pushed to every connected page
 * Requests run concurrently; replies may come back in any order, matched by id. How many run at once, and how
 * many bytes of them, is bounded (./limits.ts); a frame over the bounds waits, with its sender's socket paused.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import { dispatch, type Handlers } from '../ipc/index.ts';
import { FRAME_BUDGET_BYTES, MAX_IN_FLIGHT, MAX_OUTBOX_BYTES } from './limits.ts';

/** The bytes of frames running now, across every connection, and the connections waiting for room. */
export class FrameBudget {
  held = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number = FRAME_BUDGET_BYTES) {}

  /** Admits a frame when it fits; a frame alone is always admitted, or an oversized one could never run. */
  tryTake(bytes: number): boolean {
    if (this.held > 0 && this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
    for (const wake of [...this.waiting]) wake();
  }

  wait(wake: () => void): () => void {
    this.waiting.add(wake);
    return () => this.waiting.delete(wake);
  }
}

export function attachApi(wss: WebSocketServer, handlers: Handlers, budget = new FrameBudget()): void {
  wss.on('connection', (socket: WebSocket) => {
    const queue: { data: Buffer | null; bytes: number }[] = [];
    let running = 0;
    let closed = false;
    const pump = () => {
      while (!closed && queue.length > 0 && running < MAX_IN_FLIGHT && budget.tryTake(queue[0].bytes)) {
        const { data, bytes } = queue.shift()!;
        running++;
        void answer(socket, handlers, data === null ? null : data.toString('utf8')).finally(() => {
          running--;
          budget.release(bytes);
          pump();
        });
      }
      // Stop reading while frames wait: TCP then pushes back on the sender instead of this process buffering.
      if (queue.length > 0 && !closed) socket.pause();
      else socket.resume();
    };
    const unwait = budget.wait(pump);
    socket.on('message', (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      queue.push({ data: isBinary ? null : buf, bytes: buf.length });
      pump();
    });
    socket.on('close', () => {
      closed = true;
      queue.length = 0;
      unwait();
    });
    socket.on('error', () => {
      /* a page that goes away mid-reply is not an error for the server */
    });
  });
}

async function answer(socket: WebSocket, handlers: Handlers, text: string | null): Promise<void> {
  let frame: { id?: unknown; channel?: unknown; arg?: unknown };
  try {
    frame = text === null ? null : JSON.parse(text);
  } catch {
    frame = null as never;
  }
  if (!frame || typeof frame !== 'object' || typeof frame.id !== 'number') {
    send(socket, { id: null, ok: false, error: 'bad frame: expected {"id": number, "channel": string, "arg": …}' });
    return;
  }
  const { id } = frame;
  try {
    const result = await dispatch(handlers, frame.channel, frame.arg ?? undefined);
    send(socket, { id, ok: true, result: result ?? null });
  } catch (e) {
    send(socket, { id, ok: false, error: (e as Error).message });
  }
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState !== socket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (e) {
    // A result too large to serialise (V8's string limit) is still answered, with why.
    const id = (message as { id?: unknown }).id ?? null;
    text = JSON.stringify({ id, ok: false, error: `the reply could not be sent: ${(e as Error).message}` });
  }
  // A page that stopped reading would otherwise make the server queue every event and reply for it forever.
  if (socket.bufferedAmount > MAX_OUTBOX_BYTES) {
    socket.terminate();
    return;
  }
  socket.send(text);
}

export function broadcast(wss: WebSocketServer, event: string, payload: unknown): void {
  const text = JSON.stringify({ event, payload });
  for (const client of wss.clients) {
    if (client.readyState !== client.OPEN) continue;
    if (client.bufferedAmount > MAX_OUTBOX_BYTES) client.terminate();
    else client.send(text);
  }
}
