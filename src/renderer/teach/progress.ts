/**
 * Which lessons' tasks the user has done. A task once done stays done: the next lesson's preset, which changes
 * the tools a task was checked against, does not un-tick it, and neither does a reload. Kept per user in the
 * renderer's localStorage (Electron keeps it in the user's profile folder; a browser, per browser profile).
 */
import { create } from 'zustand';

export const PROGRESS_KEY = 'convas.lessons.done';

function load(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(PROGRESS_KEY);
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    // unreadable or unavailable storage: start with nothing done
    return [];
  }
}

function save(done: string[]): void {
  try {
    globalThis.localStorage?.setItem(PROGRESS_KEY, JSON.stringify(done));
  } catch {
    // not persisted (private mode, storage full): the ticks still hold for this session
  }
}

interface Progress {
  done: string[];
  markDone(id: string): void;
  /** Starts the lessons over (e.g. a teacher handing the computer to the next student). */
  reset(): void;
}

export const useProgress = create<Progress>((set, get) => ({
  done: load(),
  markDone(id) {
    if (get().done.includes(id)) return;
    const done = [...get().done, id];
    save(done);
    set({ done });
  },
  reset() {
    save([]);
    set({ done: [] });
  },
}));
