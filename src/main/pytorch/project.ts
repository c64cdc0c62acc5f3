/**
 * Writes a PyTorch project (src/engine/pytorch) into a folder: every file through the atomic write, into a
 * folder that is new, empty, or written over on purpose (`force`), so an export never mixes into someone's work.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GraphDocument } from '../../engine/document.js';
import { pytorchProject, type PytorchExportOptions } from '../../engine/pytorch/index.js';
import { atomicWrite } from '../files/atomic.js';

export interface PytorchWritten {
  dir: string;
  files: string[];
}

/** Refuses a folder that exists and holds anything, unless `force`; a file in the way is always refused. */
export async function checkOutputFolder(dir: string, force: boolean, what: string): Promise<void> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new Error(`${dir}: cannot be read (${e.code ?? e.message})`);
  });
  if (!info) return;
  if (!info.isDirectory()) throw new Error(`${dir} is a file; give a folder for the ${what}`);
  const entries = await readdir(dir);
  if (entries.length && !force) {
    throw new Error(
      `${dir} already exists and is not empty (${entries.length} entries); ` +
        `choose a new folder, or use --force to write the ${what} into it`,
    );
  }
}

export async function exportPytorch(
  doc: GraphDocument,
  dir: string,
  options: PytorchExportOptions & { force?: boolean } = {},
): Promise<PytorchWritten> {
  const files = pytorchProject(doc, options); // the graph's problems first: nothing is written for a broken graph
  const root = resolve(dir);
  await checkOutputFolder(root, options.force ?? false, 'PyTorch project');
  try {
    await mkdir(root, { recursive: true });
    for (const f of files) await atomicWrite(join(root, f.path), f.contents);
  } catch (e) {
    throw new Error(`${root}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { dir: root, files: files.map((f) => f.path) };
}
