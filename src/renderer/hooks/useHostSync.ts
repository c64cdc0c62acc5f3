/**
 * Keeps the host in step with the document: menu:command events run commands, the window title shows the
 * name and an unsaved mark (window:state), and a dirty document is autosaved to the recovery file every few
 * seconds (recovery:save).
 */
import { useEffect } from 'react';
import { getApi } from '../host/index.ts';
import { runCommand } from '../actions/commands.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';

export const AUTOSAVE_MS = 5000;

export function useHostSync(): void {
  const name = useDocStore((s) => s.name);
  const dirty = useDocStore((s) => s.dirty);

  useEffect(() => {
    try {
      return getApi().on('menu:command', (cmd) => runCommand(cmd));
    } catch {
      return undefined;
    }
  }, []);

  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — Convas`;
    getApi()['window:state']({ title: name, dirty }).catch(() => undefined);
  }, [name, dirty]);

  useEffect(() => {
    let last: unknown[] = [];
    const timer = setInterval(() => {
      const s = useDocStore.getState();
      const now = [s.nodes, s.edges, s.name, s.runs, s.training];
      if (!s.dirty || now.every((x, i) => x === last[i])) return;
      last = now;
      getApi()['recovery:save']({ document: currentDocument(), path: s.path }).catch(() => undefined);
    }, AUTOSAVE_MS);
    return () => clearInterval(timer);
  }, []);
}
