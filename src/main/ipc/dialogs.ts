/**
 * dialog:open / dialog:save: native dialogs in Electron; null in browser mode, where the page draws its own picker
 * over fs:list. A path the user picks is what allows the file channels to use it (see ../files/folder.ts).
 */
import type { HostContext, Handlers } from './context.ts';

export function dialogHandlers(ctx: HostContext): Pick<Handlers, 'dialog:open' | 'dialog:save'> {
  const chosen = (path: string | null) => {
    if (path !== null) ctx.folder.choose(path);
    return path;
  };
  return {
    'dialog:open': async (req) => (ctx.dialogs ? chosen(await ctx.dialogs.open(req)) : null),
    'dialog:save': async (req) => (ctx.dialogs ? chosen(await ctx.dialogs.save(req)) : null),
  };
}
