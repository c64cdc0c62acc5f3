/**
 * Which paths a page may name. Browser mode: the documents folder only. Electron: the documents folder, the files
 * and folders the user chose in a native dialog since launch, and the recent list. A path leaving these, lexically
 * (`../`) or through a symbolic link, is refused: a page that runs someone else's script (or a document crafted to
 * make the app write elsewhere) must not reach the rest of the disk through the file channels.
 */
import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileEntry } from '../../shared/api.ts';
import { describeFsError } from './paths.ts';

export class PathRefused extends Error {}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Whether `abs` is `base` or lies under it once links are followed: the nearest part of `abs` that exists must
 * really live under `base`. When nothing at or under `base` exists yet, no link can redirect the path.
 */
async function within(base: string, abs: string): Promise<boolean> {
  const realBase = await realpath(base).catch(() => base);
  if (!inside(base, abs) && !inside(realBase, abs)) return false;
  for (let probe = abs; ; probe = dirname(probe)) {
    let real: string;
    try {
      real = await realpath(probe);
    } catch {
      if (dirname(probe) === probe) return false;
      continue;
    }
    if (!inside(base, probe) && !inside(realBase, probe)) return true;
    return inside(realBase, real);
  }
}

/** What Electron allows beyond the documents folder; browser mode has no dialogs and no recent files outside it. */
export interface UserChoices {
  /** The recent list (src/main/files/recent.ts), read afresh on each check. */
  recent(): Promise<readonly string[]>;
}

export class DocumentsFolder {
  readonly root: string;
  private realRoot: string | null = null;
  /** Paths chosen in a native dialog in this session: each allows itself and, for a folder, what lies under it. */
  private readonly chosen = new Set<string>();

  constructor(
    root: string,
    private readonly choices: UserChoices | null = null,
  ) {
    this.root = resolve(root);
  }

  private async ensureRoot(): Promise<string> {
    if (!this.realRoot) {
      await mkdir(this.root, { recursive: true });
      this.realRoot = await realpath(this.root);
    }
    return this.realRoot;
  }

  /** Records a path the user chose in a native dialog (Electron); browser mode has none to record. */
  choose(path: string): void {
    if (!this.choices) throw new Error('only native dialogs choose paths, and browser mode has none');
    this.chosen.add(resolve(path));
  }

  /** An absolute path for `p` (relative paths are taken from the folder); throws PathRefused when not allowed. */
  async resolve(p: string): Promise<string> {
    if (p.includes('\0')) throw new PathRefused(`${JSON.stringify(p)}: not a valid path`);
    const abs = isAbsolute(p) ? resolve(p) : resolve(this.root, p);
    // Browser mode's pickers start in the folder, so it is made; Electron does not create the user's Documents.
    if (!this.choices) await this.ensureRoot();
    if (await within(this.root, abs)) return abs;
    if (this.choices) {
      for (const c of this.chosen) if (c === abs || (await within(c, abs))) return abs;
      if ((await this.choices.recent()).includes(abs)) return abs;
      throw new PathRefused(
        `${p}: not a file you chose with Open… or Save As… since Convas started, a recent file, or in the ` +
          `documents folder ${this.root}; choose it with Open… or Save As…`,
      );
    }
    throw new PathRefused(`${p}: outside the documents folder ${this.root}; browser mode only reads and writes there`);
  }

  async list(
    dir: string | undefined,
    extensions: string[] | undefined,
  ): Promise<{ dir: string; parent: string | null; entries: FileEntry[] }> {
    if (!this.choices) await this.ensureRoot();
    const target = await this.resolve(dir ?? this.root);
    let names: string[];
    try {
      names = await readdir(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && target === this.root) {
        await mkdir(target, { recursive: true });
        names = [];
      } else throw new PathRefused(describeFsError(e, target));
    }
    const wanted = extensions?.map((e) => '.' + e.replace(/^\./, '').toLowerCase());
    const entries: FileEntry[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue; // hidden files, and our own atomic-save temp files
      const full = join(target, name);
      try {
        await this.resolve(full); // skip links that point out of what is allowed
        const info = await stat(full);
        const isDirectory = info.isDirectory();
        if (
          !isDirectory &&
          wanted &&
          !wanted.some((w) => name.toLowerCase().endsWith(w) || extname(name).toLowerCase() === w)
        )
          continue;
        entries.push({
          name,
          path: full,
          isDirectory,
          size: isDirectory ? 0 : info.size,
          modified: info.mtime.toISOString(),
        });
      } catch {
        /* broken link, refused link, or vanished meanwhile: not listed */
      }
    }
    entries.sort((a, b) => (a.isDirectory !== b.isDirectory ? (a.isDirectory ? -1 : 1) : a.name.localeCompare(b.name)));
    const atRoot = resolve(target) === this.root;
    const parent = atRoot || dirname(target) === target ? null : dirname(target);
    return { dir: target, parent, entries };
  }
}
