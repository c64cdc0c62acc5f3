/**
 * Every CSS custom property the renderer reads is defined: by the themes (theme.css), by another stylesheet, or
 * inline by a component (style={{ '--share': … }}). An undefined one silently falls back, e.g. to light-theme
 * colours in the dark theme.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(f) ? [p] : [];
  });
}

describe('theme variables', () => {
  it('every var(--name) in the renderer is defined somewhere', () => {
    const css = files(root, /\.css$/).map((f) => readFileSync(f, 'utf8'));
    const tsx = files(root, /(?<!\.test)\.tsx?$/).map((f) => readFileSync(f, 'utf8'));
    const defined = new Set([
      ...css.flatMap((t) => [...t.matchAll(/(?:^|[{;\s])(--[\w-]+)\s*:/g)].map((m) => m[1])),
      ...tsx.flatMap((t) => [...t.matchAll(/['"](--[\w-]+)['"]/g)].map((m) => m[1])),
    ]);
    const used = new Set([...css, ...tsx].flatMap((t) => [...t.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1])));
    expect(defined.size).toBeGreaterThan(20);
    expect([...used].filter((v) => !defined.has(v))).toEqual([]);
  });
});
