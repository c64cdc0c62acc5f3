/**
 * Opening and saving documents. Opening goes through the engine's loadDocument, so a malformed or newer file
 * yields the loader's message (naming the field) and the caller keeps its current document. Saving restores the
 * document with the engine (restoreForSave, which the crash-recovery autosave shares), serialises the result and
 * writes it atomically.
 */
import { readFile, stat } from 'node:fs/promises';
import { loadDocument, restoreDocument, serializeDocument, type GraphDocument } from '../../engine/document.ts';
import type { Result } from '../../shared/api.ts';
import { atomicWrite } from './atomic.ts';
import { describeFsError } from './paths.ts';

/** Documents are small JSON; anything far larger is a wrong pick (a dataset, a model), not a graph. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export async function openDocumentFile(
  path: string,
): Promise<Result<{ path: string; document: GraphDocument; warnings: string[] }>> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, error: `${path}: is a folder, not a Convas document` };
    if (info.size > MAX_DOCUMENT_BYTES)
      return {
        ok: false,
        error: `${path}: is ${Math.round(info.size / 1048576)} MB, too large to be a Convas document`,
      };
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, error: describeFsError(e, path) };
  }
  const loaded = loadDocument(text);
  if (!loaded.ok) return { ok: false, error: `${path}: ${loaded.error}` };
  return { ok: true, path, document: loaded.document, warnings: loaded.warnings };
}

/**
 * The document Convas writes for a request's document: what the engine's restore makes of it, never the input
 * itself, so a request's unknown fields (the IPC schema lets them through) never reach the disk, and never a
 * document Convas itself would refuse to open.
 */
export function restoreForSave(document: GraphDocument): Result<{ document: GraphDocument }> {
  const restored = restoreDocument(document);
  if (!restored.ok) return { ok: false, error: `cannot save "${document.name}": ${restored.error}` };
  return { ok: true, document: restored.document };
}

export async function saveDocumentFile(path: string, document: GraphDocument): Promise<Result<{ path: string }>> {
  const restored = restoreForSave(document);
  if (!restored.ok) return restored;
  let text: string;
  try {
    text = serializeDocument(restored.document);
  } catch (e) {
    return { ok: false, error: `cannot save "${document.name}": ${(e as Error).message}` };
  }
  try {
    await atomicWrite(path, text);
  } catch (e) {
    return { ok: false, error: describeFsError(e, path) };
  }
  return { ok: true, path };
}
