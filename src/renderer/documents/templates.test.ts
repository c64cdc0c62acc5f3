/** Every built-in example has a name and a description in the template menu, in English and Chinese. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const examples = readdirSync(new URL('../../../resources/examples/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));
const locale = (lng: string) =>
  JSON.parse(readFileSync(new URL(`../i18n/locales/${lng}/app.json`, import.meta.url), 'utf8')).templates;

describe('template menu', () => {
  for (const lng of ['en', 'zh']) {
    it(`names and describes every example in ${lng}`, () => {
      expect(examples.length).toBeGreaterThanOrEqual(7);
      const t = locale(lng);
      expect(examples.filter((id) => !t[id]?.name || !t[id]?.desc)).toEqual([]);
    });
  }
});
