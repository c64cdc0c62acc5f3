/**
 * i18next setup. Namespaces are JSON files under ./locales/<lng>/<ns>.json, picked up with import.meta.glob so a
 * helper adding a namespace (e.g. 'teach') needs no change here. The language follows navigator.language
 * (zh* → Simplified Chinese, everything else → English) and can be switched at run time.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, content] of Object.entries(files)) {
  const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!m) continue;
  (resources[m[1]] ??= {})[m[2]] = content;
}
// The engine's messages: English is the engine's own table (engineText.ts), so only translations live here.
const engineFiles = import.meta.glob<Record<string, unknown>>('./engine/*.json', { eager: true, import: 'default' });
for (const [path, content] of Object.entries(engineFiles)) {
  const m = /\.\/engine\/([^/]+)\.json$/.exec(path);
  if (m) (resources[m[1]] ??= {}).engine = content;
}

const STORAGE_KEY = 'convas.language';

export function detectLanguage(): Language {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be unavailable (private mode); fall back to the browser's language
  }
  const lang = saved ?? (typeof navigator !== 'undefined' ? navigator.language : 'en');
  return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLanguage(lng: Language): void {
  void i18n.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; the choice still holds for this session
  }
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
}

export function toggleLanguage(): void {
  setLanguage(i18n.language === 'zh' ? 'en' : 'zh');
}

void i18n.use(initReactI18next).init({
  resources,
  lng: detectLanguage(),
  fallbackLng: 'en',
  ns: [...Object.keys(resources.en ?? { app: {} }), 'engine'],
  defaultNS: 'app',
  interpolation: { escapeValue: false },
  returnNull: false,
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';

export default i18n;
