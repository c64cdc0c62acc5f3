/** Where Convas keeps its own state (recent files, the recovery file) and, in browser mode, the documents. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.convas, or $CONVAS_HOME (tests point it at a temp folder). Electron passes app.getPath('userData'). */
export function defaultStateDir(): string {
  return process.env.CONVAS_HOME || join(homedir(), '.convas');
}

/** The folder browser mode's pickers show: ~/Convas unless --dir says otherwise. */
export function defaultDocumentsDir(): string {
  return join(homedir(), 'Convas');
}

/** A one-line description of a file-system error, without a stack. */
export function describeFsError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file or folder`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'EISDIR':
      return `${path}: is a folder, not a file`;
    case 'ENOTDIR':
      return `${path}: a part of this path is not a folder`;
    case 'ENOSPC':
      return `${path}: the disk is full`;
    case 'EROFS':
      return `${path}: the file system is read-only`;
    default:
      return `${path}: ${code ?? (e as Error)?.message ?? String(e)}`;
  }
}
