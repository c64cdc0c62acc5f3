/**
 * Electron's security checklist (docs/tutorial/security.md), applied once per app: sandbox every renderer, a CSP
 * header (../csp.ts), no permissions, no navigation, no new windows, no <webview>, and IPC only from our own page.
 */
import { app, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../csp.ts';

export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/**
 * No permission (camera, notifications, …) for any page, always: a dev server's page is no more trusted. The CSP
 * header goes on every response unless the page comes from `electron-vite dev`, whose HMR client the policy would
 * block; its meta tag still applies there.
 */
export function hardenSession(o: { devServer: boolean }): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  if (o.devServer) return;
  const csp = contentSecurityPolicy('electron');
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Denies every navigation away from the page we loaded (links, drag-dropped files, scripted location changes). */
export function lockNavigation(contents: WebContents, pageUrl: string): void {
  const deny = (event: { preventDefault(): void }, url: string) => {
    if (stripHash(url) !== stripHash(pageUrl)) event.preventDefault();
  };
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-frame-navigate', (event) => {
    if (stripHash(event.url) !== stripHash(pageUrl)) event.preventDefault();
  });
}

function stripHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return u.href;
}

/** An IPC call is ours only if it comes from our window's main frame showing our page. */
export function isTrustedSender(event: IpcMainInvokeEvent, contents: WebContents | null, pageUrl: string): boolean {
  if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== contents.mainFrame) return false;
  try {
    return stripHash(frame.url) === stripHash(pageUrl);
  } catch {
    return false;
  }
}
