/**
 * fs:list, file:open/save/recent and recovery:* — documents on disk. Every path goes through ctx.folder, which
 * allows only what this host lets a page name (see ../files/folder.ts).
 */
import { openDocumentFile, saveDocumentFile } from '../files/documents.ts';
import { PathRefused } from '../files/folder.ts';
import type { HostContext, Handlers } from './context.ts';

/** Runs a path-taking operation; a refused path becomes the Result's error instead of an exception. */
export async function withPath<T>(
  ctx: HostContext,
  path: string,
  run: (abs: string) => Promise<T>,
): Promise<T | { ok: false; error: string }> {
  let abs: string;
  try {
    abs = await ctx.folder.resolve(path);
  } catch (e) {
    if (e instanceof PathRefused) return { ok: false, error: e.message };
    throw e;
  }
  return run(abs);
}

export function fileHandlers(
  ctx: HostContext,
): Pick<
  Handlers,
  'fs:list' | 'file:open' | 'file:save' | 'file:recent' | 'recovery:save' | 'recovery:load' | 'recovery:clear'
> {
  return {
    'fs:list': async ({ dir, extensions }) => {
      try {
        return { ok: true, ...(await ctx.folder.list(dir, extensions)) };
      } catch (e) {
        if (e instanceof PathRefused) return { ok: false, error: e.message };
        throw e;
      }
    },
    'file:open': ({ path }) =>
      withPath(ctx, path, async (abs) => {
        const result = await openDocumentFile(abs);
        if (result.ok) await ctx.recent.add(abs);
        return result;
      }),
    'file:save': ({ path, document }) =>
      withPath(ctx, path, async (abs) => {
        const result = await saveDocumentFile(abs, document);
        if (result.ok) await ctx.recent.add(abs);
        return result;
      }),
    'file:recent': async () => {
      const list = await ctx.recent.list();
      // Only files the page may open (browser mode: those in the documents folder; Electron: all of them).
      const allowed: string[] = [];
      for (const p of list) {
        try {
          allowed.push(await ctx.folder.resolve(p));
        } catch {
          /* outside the folder */
        }
      }
      return allowed;
    },
    'recovery:save': async ({ document, path }) => {
      await ctx.recovery.save(document, path);
    },
    'recovery:load': () => ctx.recovery.load(),
    'recovery:clear': () => ctx.recovery.clear(),
  };
}
