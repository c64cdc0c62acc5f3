/** Lesson ticks persist per user: marked once, they survive a fresh store (a reload) until reset. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const storage = new Map<string, string>();
beforeEach(() => {
  storage.clear();
  vi.resetModules();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
  });
});

describe('lesson progress', () => {
  it('keeps a done task across a reload, once, until reset', async () => {
    const first = (await import('./progress.ts')).useProgress;
    first.getState().markDone('convolution');
    first.getState().markDone('convolution');
    first.getState().markDone('stride');
    vi.resetModules();
    const reloaded = (await import('./progress.ts')).useProgress;
    expect(reloaded.getState().done).toEqual(['convolution', 'stride']);
    reloaded.getState().reset();
    vi.resetModules();
    expect((await import('./progress.ts')).useProgress.getState().done).toEqual([]);
  });

  it('starts empty from missing or malformed storage', async () => {
    storage.set('convas.lessons.done', '{"not": "a list"');
    expect((await import('./progress.ts')).useProgress.getState().done).toEqual([]);
    vi.resetModules();
    storage.set('convas.lessons.done', JSON.stringify(['pooling', 3, null]));
    expect((await import('./progress.ts')).useProgress.getState().done).toEqual(['pooling']);
  });
});
