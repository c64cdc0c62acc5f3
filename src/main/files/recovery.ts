/**
 * Crash recovery: the renderer autosaves the working document here every few seconds while it has unsaved
 * changes; a clean close or a save clears it. If the file is still there at the next start, the app crashed (or
 * was killed) with unsaved work, and the renderer offers it back.
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { restoreDocument, type GraphDocument } from '../../engine/document.ts';
import { atomicWrite } from './atomic.ts';
import { restoreForSave } from './documents.ts';

export interface Recovered {
  document: GraphDocument;
  path: string | null;
  savedAt: string;
}

export class RecoveryStore {
  readonly file: string;

  constructor(private readonly stateDir: string) {
    this.file = join(stateDir, 'recovery.json');
  }

  /**
   * Writes what file:save would write (restoreForSave: unknown fields dropped). A document the engine refuses is
   * not written, since load would discard it: the last autosave it accepted stays. Returns whether it wrote.
   */
  async save(document: GraphDocument, path: string | null): Promise<boolean> {
    const restored = restoreForSave(document);
    if (!restored.ok) return false;
    await mkdir(this.stateDir, { recursive: true });
    const record = { savedAt: new Date().toISOString(), path, document: restored.document };
    await atomicWrite(this.file, JSON.stringify(record));
    return true;
  }

  /** The recovered document, or null when there is none or it cannot be read (then it is discarded). */
  async load(): Promise<Recovered | null> {
    let raw: { savedAt?: unknown; path?: unknown; document?: unknown };
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return null;
    }
    const restored = restoreDocument(raw?.document);
    if (!restored.ok) {
      await this.clear();
      return null;
    }
    return {
      document: restored.document,
      path: typeof raw.path === 'string' ? raw.path : null,
      savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : new Date(0).toISOString(),
    };
  }

  async clear(): Promise<void> {
    await unlink(this.file).catch(() => {});
  }
}
