/** app:info and window:state: what the host is, and the title bar / unsaved mark. */
import { CONVAS_VERSION } from '../../shared/version.ts';
import type { HostContext, Handlers } from './context.ts';

export function windowHandlers(ctx: HostContext): Pick<Handlers, 'app:info' | 'window:state'> {
  return {
    'app:info': async () => ({
      version: CONVAS_VERSION,
      mode: ctx.mode,
      platform: process.platform,
      documentsDir: ctx.folder.root,
      locale: ctx.locale,
      nativeDialogs: ctx.dialogs !== null,
    }),
    'window:state': async (state) => {
      ctx.setWindowState(state);
    },
  };
}
