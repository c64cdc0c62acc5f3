/**
 * Keyboard shortcuts: Ctrl/Cmd+Z undo, Shift+Ctrl+Z or Ctrl+Y redo, C/V/X copy/paste/cut, A select all,
 * S save (Shift: save as), O open, Delete/Backspace delete. Text fields keep their own keys.
 */
import { useEffect } from 'react';
import { runCommand, type Command } from '../actions/commands.ts';

function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (!mod) return key === 'delete' || key === 'backspace' ? 'edit:delete' : null;
  if (e.altKey) return null;
  switch (key) {
    case 'z':
      return e.shiftKey ? 'edit:redo' : 'edit:undo';
    case 'y':
      return 'edit:redo';
    case 'c':
      return 'edit:copy';
    case 'x':
      return 'edit:cut';
    case 'v':
      return 'edit:paste';
    case 'a':
      return 'edit:selectAll';
    case 's':
      return e.shiftKey ? 'file:saveAs' : 'file:save';
    case 'o':
      return 'file:open';
    case 'n':
      return 'file:new';
    default:
      return null;
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = shortcutFor(e);
      if (!cmd) return;
      // Inside a text field only document-level commands apply; editing keys stay with the field.
      if (isTextField(e.target) && !['file:save', 'file:saveAs', 'file:open', 'file:new'].includes(cmd)) return;
      e.preventDefault();
      runCommand(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
