/**
 * The engine's coded messages (src/engine/messages.ts) in the app's language. English is the engine's own table,
 * the same words the CLI prints; another language translates every code in ./engine/<lng>.json, where a kind id
 * reads as its name through nesting ("$t(app:kinds.{{kind}})"). tests/engine-i18n.test.ts checks every code.
 */
import type { TFunction } from 'i18next';
import { english, type Message } from '../../engine/messages.ts';
import { fallbackEnglish, type FallbackMessage } from '../../shared/fallback.ts';

export const ENGINE_NS = 'engine';

/** One message: its translation with the message's arguments, or the engine's English where none exists. */
export function say(t: TFunction, m: Message): string {
  const args: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.args)) args[k] = typeof v === 'object' ? v.join(t('node.listJoin')) : v;
  return t(`${ENGINE_NS}:${m.code}`, { ...args, defaultValue: english(m) }) as string;
}

/** A node summary's parts, joined in the language's way ("6 @ 5×5, same, relu"). */
export function sayParts(t: TFunction, parts: readonly Message[]): string {
  return parts.map((p) => say(t, p)).join(t('node.summaryJoin'));
}

/**
 * Why onnxruntime skipped a provider (src/shared/fallback.ts), every reason in the language's words and joined
 * as the language joins them; null when there is none.
 */
export function sayFallback(t: TFunction, reasons: readonly FallbackMessage[] | undefined): string | null {
  if (!reasons?.length) return null;
  const one = (m: FallbackMessage) =>
    t(`${ENGINE_NS}:${m.code}`, { ...m.args, defaultValue: fallbackEnglish(m) }) as string;
  return reasons.map(one).join(t('export.fallbackJoin'));
}
