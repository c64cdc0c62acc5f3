/**
 * The documents folder of browser mode: every path a browser page names is resolved inside it, and refused if it
 * leaves it, lexically (`../`) or through a symbolic link. A page holding the token should still not be able to
 * read or write the rest of the disk. In Electron mode the folder is only the default place (restrict = false):
 * the user picks any path through native dialogs.
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

export class DocumentsFolder {
  readonly root: string;
  private realRoot: string | null = null;

  constructor(
    root: string,
    readonly restrict: boolean,
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

  /** An absolute path for `p` (relative paths are taken from the folder); throws PathRefused when it escapes. */
  async resolve(p: string): Promise<string> {
    if (p.includes('\0')) throw new PathRefused(`${JSON.stringify(p)}: not a valid path`);
    const abs = isAbsolute(p) ? resolve(p) : resolve(this.root, p);
    if (!this.restrict) return abs;
    const realRoot = await this.ensureRoot();
    const refuse = () => new PathRefused(`${p}: outside the documents folder ${this.root}; browser mode only reads and writes there`);
    if (!inside(this.root, abs) && !inside(realRoot, abs)) throw refuse();
    // Follow links: the nearest part of the path that exists must really live inside the folder.
    let probe = abs;
    for (;;) {
      try {
        const real = await realpath(probe);
        if (!inside(realRoot, real)) throw refuse();
        break;
      } catch (e) {
        if (e instanceof PathRefused) throw e;
        const up = dirname(probe);
        if (up === probe) throw refuse();
        probe = up;
      }
    }
    return abs;
  }

  async list(dir: string | undefined, extensions: string[] | undefined): Promise<{ dir: string; parent: string | null; entries: FileEntry[] }> {
    if (this.restrict) await this.ensureRoot();
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
        if (this.restrict) await this.resolve(full); // skip links that point out of the folder
        const info = await stat(full);
        const isDirectory = info.isDirectory();
        if (!isDirectory && wanted && !wanted.some((w) => name.toLowerCase().endsWith(w) || extname(name).toLowerCase() === w)) continue;
        entries.push({ name, path: full, isDirectory, size: isDirectory ? 0 : info.size, modified: info.mtime.toISOString() });
      } catch {
        /* broken link, refused link, or vanished meanwhile: not listed */
      }
    }
    entries.sort((a, b) => (a.isDirectory !== b.isDirectory ? (a.isDirectory ? -1 : 1) : a.name.localeCompare(b.name)));
    const atRoot = this.restrict && resolve(target) === this.root;
    const parent = atRoot || dirname(target) === target ? null : dirname(target);
    return { dir: target, parent, entries };
  }
}
