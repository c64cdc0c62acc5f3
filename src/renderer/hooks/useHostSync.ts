/**
 * Keeps the host in step with the document: menu:command events run commands, the window title shows the
 * name and an unsaved mark (window:state), and a dirty document is autosaved to the recovery file every few
 * seconds (recovery:save).
 */
import { useEffect } from 'react';
import { getApi } from '../host/index.ts';
import { runCommand } from '../actions/commands.ts';
import { openDocument } from '../documents/fileActions.ts';
import type { MenuCommand } from '../../shared/api.ts';

/** Edit commands the Electron menu already ran natively; inside a text field they belong to the field. */
const FIELD_EDITS: readonly MenuCommand[] = [
  'edit:undo',
  'edit:redo',
  'edit:cut',
  'edit:copy',
  'edit:paste',
  'edit:delete',
  'edit:selectAll',
];

function inTextField(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}
import { currentDocument, useDocStore } from '../store/docStore.ts';

export const AUTOSAVE_MS = 5000;

export function useHostSync(): void {
  const name = useDocStore((s) => s.name);
  const dirty = useDocStore((s) => s.dirty);

  useEffect(() => {
    try {
      const api = getApi();
      const offCommand = api.on('menu:command', (cmd) => {
        if (FIELD_EDITS.includes(cmd) && inTextField()) return;
        runCommand(cmd);
      });
      const offRecent = api.on('menu:openRecent', (path) => void openDocument(path));
      return () => {
        offCommand();
        offRecent();
      };
    } catch {
      return undefined;
    }
  }, []);

  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — Convas`;
    getApi()
      ['window:state']({ title: name, dirty })
      .catch(() => undefined);
  }, [name, dirty]);

  useEffect(() => {
    let last: unknown[] = [];
    const timer = setInterval(() => {
      const s = useDocStore.getState();
      const now = [s.nodes, s.edges, s.name, s.runs, s.training];
      if (!s.dirty || now.every((x, i) => x === last[i])) return;
      last = now;
      getApi()
        ['recovery:save']({ document: currentDocument(), path: s.path })
        .catch(() => undefined);
    }, AUTOSAVE_MS);
    return () => clearInterval(timer);
  }, []);
}
