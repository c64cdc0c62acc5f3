/** The recent-files list: most recent first, at most 10, persisted as JSON in the state folder. */
import { readFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWrite } from './atomic.ts';

const MAX_RECENT = 10;

export class RecentFiles {
  private readonly file: string;
  private cache: string[] | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly stateDir: string,
    private readonly onChange: (list: string[]) => void = () => {},
  ) {
    this.file = join(stateDir, 'recent.json');
  }

  async list(): Promise<string[]> {
    if (this.cache) return [...this.cache];
    try {
      const raw: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      this.cache = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
    } catch {
      this.cache = []; // missing or unreadable: start afresh rather than fail the app
    }
    return [...this.cache];
  }

  async add(path: string): Promise<void> {
    const full = resolve(path);
    const list = [full, ...(await this.list()).filter((p) => p !== full)].slice(0, MAX_RECENT);
    this.cache = list;
    this.onChange([...list]);
    // Writes are chained so two quick saves cannot interleave their renames out of order.
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(this.stateDir, { recursive: true });
        await atomicWrite(this.file, JSON.stringify(list, null, 2) + '\n');
      } catch {
        /* the list is a convenience; failing to persist it must not fail a save */
      }
    });
    await this.writing;
  }
}
