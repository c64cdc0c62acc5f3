/**
 * The handler table: one handler per channel of the Api, split by domain, and `dispatch`, which validates a raw
 * request against src/shared/schemas.ts before the handler runs. Electron IPC (src/main/electron/index.ts) and the
 * browser-mode WebSocket (src/main/server/socket.ts) both call dispatch, so both get exactly the same checks.
 */
import type { ApiRequests, Channel } from '../../shared/api.ts';
import { isChannel, parseRequest } from '../../shared/schemas.ts';
import type { Handlers, HostContext } from './context.ts';
import { datasetHandlers } from './datasets.ts';
import { dialogHandlers } from './dialogs.ts';
import { fileHandlers } from './files.ts';
import { onnxHandlers } from './onnx.ts';
import { pytorchHandlers } from './pytorch.ts';
import { trainingHandlers } from './training.ts';
import { windowHandlers } from './window.ts';

export type { HostContext, Handlers, NativeDialogs, Emit } from './context.ts';

export function createHandlers(ctx: HostContext): Handlers {
  return {
    ...windowHandlers(ctx),
    ...dialogHandlers(ctx),
    ...fileHandlers(ctx),
    ...datasetHandlers(ctx),
    ...trainingHandlers(ctx),
    ...onnxHandlers(ctx),
    ...pytorchHandlers(ctx),
  };
}

/** A request refused before reaching a handler: unknown channel or invalid arguments. */
export class RequestError extends Error {}

export async function dispatch(handlers: Handlers, channel: unknown, arg: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new RequestError(`unknown channel ${JSON.stringify(channel)}`);
  let req: ApiRequests[Channel]['req'];
  try {
    req = parseRequest(channel, arg);
  } catch (e) {
    throw new RequestError((e as Error).message);
  }
  const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
  try {
    return await handler(req);
  } catch (e) {
    // A handler that throws is a bug or an unexpected I/O failure: report one line, keep the stack in main's log.
    console.error(`[convas] ${channel} failed:`, e);
    throw new Error(`${channel} failed: ${(e as Error)?.message ?? String(e)}`);
  }
}
