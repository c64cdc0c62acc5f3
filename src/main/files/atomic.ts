/**
 * Atomic file replacement: write a temp file in the same folder, fsync it, rename it over the target, fsync the
 * folder. rename(2) within one file system is atomic, so a reader (or a crash) sees the old file or the new one,
 * never half of either. The temp file lives beside the target because a rename across file systems is a copy.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temp name for a target: hidden, recognisable, unique per write. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function atomicWrite(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  let mode: number | undefined;
  try {
    mode = (await stat(target)).mode & 0o777; // keep an existing file's permissions
  } catch {
    mode = undefined;
  }
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
  await syncDir(dirname(target));
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a folder; that is fine to skip. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}
