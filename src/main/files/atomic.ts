/**
 * Atomic file replacement, the one way Convas writes a file (documents, recent list, recovery, ONNX models, the
 * CLI's outputs): write a temp file in the same folder, fsync it, rename it over the target, fsync the folder.
 * rename(2) within one file system is atomic, so a reader (or a crash) sees the old file or the new one, never
 * half of either. The temp file lives beside the target because a rename across file systems is a copy.
 *
 * A write that is killed leaves its temp file behind; the next write to the same target removes it. The temp's
 * name carries the writer's process id, so a temp that a live process is still writing is left alone.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What atomicWrite accepts: whole contents, or chunks for an output too large to hold at once. */
export type WriteData = string | Uint8Array | AsyncIterable<Uint8Array>;

/** Temps this process is writing now; a concurrent write to the same target must not remove them. */
const inFlight = new Set<string>();

/** The temp name for a target: hidden, recognisable, unique per write, naming the process that writes it. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

export async function atomicWrite(target: string, data: WriteData): Promise<void> {
  await removeStaleTemps(target);
  const temp = tempPathFor(target);
  let mode: number | undefined;
  try {
    mode = (await stat(target)).mode & 0o777; // keep an existing file's permissions
  } catch {
    mode = undefined;
  }
  const handle = await open(temp, 'wx', 0o644);
  inFlight.add(temp);
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
  } finally {
    inFlight.delete(temp);
  }
  await syncDir(dirname(target));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes temp files an interrupted write to `target` left: `.NAME.PID-HEX.tmp` whose process is gone (or is
 * this one, not writing it now), and the names earlier versions used without a process id (`.NAME.HEX.tmp`, and
 * `NAME.HEX.tmp` from the ONNX export). Best effort: a folder that cannot be listed is the write's own problem.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const name = escapeRegExp(basename(target));
  const pattern = new RegExp(`^(?:\\.${name}\\.(?:(\\d+)-)?[0-9a-f]{12}|${name}\\.[0-9a-f]{8})\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of names) {
    const m = pattern.exec(entry);
    if (!m) continue;
    const path = join(dir, entry);
    const pid = m[1] === undefined ? null : Number(m[1]);
    if (pid !== null && (pid === process.pid ? inFlight.has(path) : isAlive(pid))) continue;
    try {
      await unlink(path);
      removed.push(path);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
