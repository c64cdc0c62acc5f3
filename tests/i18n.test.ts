/**
 * Every namespace in src/renderer/i18n/locales exists in English and Simplified Chinese with the same keys,
 * no empty strings and the same {{placeholders}}; and every key the teaching views ask for exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNELS } from '../src/engine/teach/kernels.js';

const root = new URL('../src/renderer/i18n/locales/', import.meta.url);
const LANGS = ['en', 'zh'];

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}
const load = (lang: string, ns: string) =>
  flatten(JSON.parse(readFileSync(new URL(`${lang}/${ns}.json`, root), 'utf8')));
const namespaces = (lang: string) =>
  readdirSync(new URL(`${lang}/`, root))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

describe('i18n resources', () => {
  it('both languages have the same namespaces', () => {
    expect(namespaces('zh')).toEqual(namespaces('en'));
    expect(namespaces('en')).toContain('teach');
  });

  for (const ns of namespaces('en')) {
    it(`namespace "${ns}": same keys, nothing empty, same placeholders in en and zh`, () => {
      const [en, zh] = LANGS.map((l) => load(l, ns));
      const missingZh = [...en.keys()].filter((k) => !zh.has(k));
      const missingEn = [...zh.keys()].filter((k) => !en.has(k));
      expect(missingZh, `keys missing in zh/${ns}.json`).toEqual([]);
      expect(missingEn, `keys missing in en/${ns}.json`).toEqual([]);
      for (const [k, v] of en) {
        expect(v.trim(), `en ${ns}:${k} is empty`).not.toBe('');
        expect(zh.get(k)!.trim(), `zh ${ns}:${k} is empty`).not.toBe('');
        expect(placeholders(zh.get(k)!), `placeholders of ${ns}:${k}`).toEqual(placeholders(v));
      }
    });
  }

  it('every key the teaching views use exists in the teach namespace', () => {
    const teach = load('en', 'teach');
    const dir = new URL('../src/renderer/teach/', import.meta.url);
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => /\.tsx?$/.test(f))) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
      // Template keys: t(`sources.${s}`) and the like, expanded over their known values below.
      for (const m of src.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) used.add(`${m[1]}.*`);
    }
    const expand: Record<string, string[]> = {
      'sources.*': ['checkerboard', 'shapes', 'text', 'curve', 'chelsea', 'astronaut', 'mnist', 'file'],
      'boundary.*': ['symm', 'fill', 'wrap'],
      'mode.*': ['same', 'valid', 'full'],
      'display.*': ['clip', 'abs', 'normalise', 'wrap'],
      'conv.status.*': ['file', 'loading', 'error'],
      'step.goto.*': ['match', 'empty'],
      'lessons.*': [],
    };
    const missing: string[] = [];
    for (const key of used) {
      if (key.endsWith('.*')) {
        expect(expand[key], `no expansion listed for ${key}`).toBeDefined();
        for (const v of expand[key])
          if (!teach.has(`${key.slice(0, -2)}.${v}`)) missing.push(`${key.slice(0, -2)}.${v}`);
      } else if (!teach.has(key)) missing.push(key);
    }
    for (const k of KERNELS) for (const key of [k.nameKey, k.descriptionKey]) if (!teach.has(key)) missing.push(key);
    for (const id of [
      'convolution',
      'kernels',
      'pattern',
      'layers',
      'stride',
      'receptive',
      'pooling',
      'locally',
      'train',
    ]) {
      for (const part of ['title', 'body', 'task'])
        if (!teach.has(`lessons.${id}.${part}`)) missing.push(`lessons.${id}.${part}`);
    }
    for (const id of ['convolution', 'stride', 'pooling', 'receptive', 'filters'])
      if (!teach.has(`views.${id}`)) missing.push(`views.${id}`);
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(80);
  });
});
