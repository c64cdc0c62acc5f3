/**
 * The Api over WebSocket frames (the browser side is src/renderer/host/wsClient.ts):
 *   request  { id: number, channel: string, arg: unknown }
 *   reply    { id, ok: true, result } | { id, ok: false, error }
 *   event    { event: string, payload: unknown }   pushed to every connected page
 * Requests run concurrently; replies may come back in any order, matched by id.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import { dispatch, type Handlers } from '../ipc/index.ts';

export function attachApi(wss: WebSocketServer, handlers: Handlers): void {
  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => {
      void answer(socket, handlers, isBinary ? null : data.toString());
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
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export function broadcast(wss: WebSocketServer, event: string, payload: unknown): void {
  const text = JSON.stringify({ event, payload });
  for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
}
