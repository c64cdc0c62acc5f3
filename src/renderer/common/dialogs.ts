/**
 * Promise-based in-page dialogs (confirm, file picker), rendered by <Dialogs/>. In-page rather than
 * window.confirm so they look like the app, work the same in Electron and the browser, and tests can click them.
 */
import { create } from 'zustand';

export interface AskRequest {
  message: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  resolve(ok: boolean): void;
}

export interface PickRequest {
  mode: 'open' | 'save' | 'folder';
  title: string;
  extensions: string[];
  defaultName?: string;
  resolve(path: string | null): void;
}

interface DialogState {
  ask: AskRequest | null;
  pick: PickRequest | null;
}

export const useDialogStore = create<DialogState>(() => ({ ask: null, pick: null }));

export function ask(message: string, confirm: string, cancel: string, danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    useDialogStore.setState({
      ask: {
        message,
        confirm,
        cancel,
        danger,
        resolve: (ok) => {
          useDialogStore.setState({ ask: null });
          resolve(ok);
        },
      },
    });
  });
}

export function pickFile(req: Omit<PickRequest, 'resolve'>): Promise<string | null> {
  return new Promise((resolve) => {
    useDialogStore.setState({
      pick: {
        ...req,
        resolve: (path) => {
          useDialogStore.setState({ pick: null });
          resolve(path);
        },
      },
    });
  });
}
