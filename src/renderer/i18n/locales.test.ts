/** Every key the app's UI uses exists, and English and Simplified Chinese have exactly the same keys. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = new URL('.', import.meta.url).pathname;
const root = join(dir, '..');
const load = (lng: string) => JSON.parse(readFileSync(join(dir, 'locales', lng, 'app.json'), 'utf8'));

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    if (statSync(p).isDirectory()) return f === 'teach' || f === 'host' ? [] : sources(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('app locales', () => {
  const en = keys(load('en'));
  const zh = keys(load('zh'));

  it('English and Chinese have the same keys', () => {
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('every literal key the UI asks for exists (plurals by their _one/_other forms)', () => {
    const used = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !en.includes(k) && !en.includes(`${k}_other`));
    expect(missing).toEqual([]);
  });

  it('has no empty Chinese strings', () => {
    const flat = (o: Record<string, unknown>): string[] =>
      Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : flat(v as Record<string, unknown>)));
    expect(flat(load('zh')).filter((s) => s.trim() === '')).toEqual([]);
  });
});
