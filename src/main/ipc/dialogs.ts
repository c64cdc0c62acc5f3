/** dialog:open / dialog:save: native dialogs in Electron; null in browser mode, where the page draws its own picker over fs:list. */
import type { HostContext, Handlers } from './context.ts';

export function dialogHandlers(ctx: HostContext): Pick<Handlers, 'dialog:open' | 'dialog:save'> {
  return {
    'dialog:open': async (req) => (ctx.dialogs ? ctx.dialogs.open(req) : null),
    'dialog:save': async (req) => (ctx.dialogs ? ctx.dialogs.save(req) : null),
  };
}
