/** View state that is not part of the document: theme, open panels, toasts, dialogs. */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export type BottomTab = 'problems' | 'training' | 'export' | 'summary' | 'test';
/** 'design' is the canvas; the others are the teaching views' ids. */
export type MainView = string;

/** A button in a toast that fixes what it reports, e.g. "Insert Flatten" on a refused connection. */
export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
  action?: ToastAction;
}

interface UiState {
  theme: Theme;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  /** Height of the bottom dock in pixels, set by dragging its top edge. */
  bottomHeight: number | null;
  setBottomHeight(h: number | null): void;
  sideTab: 'palette' | 'learn';
  mainView: MainView;
  toasts: Toast[];
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  openBottom(tab: BottomTab): void;
  toggleBottom(): void;
  setSideTab(tab: 'palette' | 'learn'): void;
  setMainView(view: MainView): void;
  toast(kind: Toast['kind'], text: string, action?: ToastAction): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'convas.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // no storage: follow the system
  }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let nextToast = 1;

export const useUiStore = create<UiState>((set, get) => ({
  theme: initialTheme(),
  bottomTab: 'problems',
  bottomOpen: false,
  bottomHeight: null,
  setBottomHeight(bottomHeight) {
    set({ bottomHeight });
  },
  sideTab: 'palette',
  mainView: 'design',
  toasts: [],
  setTheme(theme) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // not persisted
    }
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  openBottom(tab) {
    set({ bottomTab: tab, bottomOpen: true });
  },
  toggleBottom() {
    set((s) => ({ bottomOpen: !s.bottomOpen }));
  },
  setSideTab(sideTab) {
    set({ sideTab });
  },
  setMainView(mainView) {
    set({ mainView });
  },
  toast(kind, text, action) {
    const id = nextToast++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text, ...(action ? { action } : {}) }] }));
    // A toast with a fix stays long enough to read it and reach the button.
    setTimeout(() => get().dismiss(id), action ? 15000 : kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export const toast = (kind: Toast['kind'], text: string, action?: ToastAction) =>
  useUiStore.getState().toast(kind, text, action);
