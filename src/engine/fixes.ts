/**
 * The words of a one-click fix follow from what it does: inserting a kind, switching the padding, shrinking a
 * kernel or a pool's window. A Fix's `label` is the English of fixText (the CLI's words); the app renders the
 * same message in its language.
 */
import { fmtSize, pair } from './layers/geometry.js';
import { english, msg, type Message } from './messages.js';
import type { Fix } from './types.js';

type FixAction = Fix extends infer F ? (F extends Fix ? Omit<F, 'label'> : never) : never;

export function fixText(fix: FixAction): Message {
  if (fix.type === 'insertBefore') return msg('fix.insert', { kind: fix.kind });
  const p = fix.params;
  if (p.kernelSize !== undefined) return msg('fix.shrinkKernel', { size: fmtSize(pair(p.kernelSize)) });
  if (p.poolSize !== undefined) return msg('fix.shrinkWindow', { size: fmtSize(pair(p.poolSize)) });
  return msg('fix.padding', { padding: String(p.padding) });
}

/** A fix with its English label. */
export function makeFix(fix: FixAction): Fix {
  return { label: english(fixText(fix)), ...fix } as Fix;
}
