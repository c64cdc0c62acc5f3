/** Whether the window loads a dev server's page; no 'electron' import, so tests run it without Electron. */

/**
 * The page to load from a dev server: `electron-vite dev` sets ELECTRON_RENDERER_URL. A packaged app ignores it,
 * or anyone who can set the app's environment could make it load (and hand the preload's Api to) any page.
 */
export function devServerUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): string | null {
  return !isPackaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : null;
}
