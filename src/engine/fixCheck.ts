/**
 * A one-click fix must leave the network valid, or say what it breaks. The fixes a layer proposes only see that
 * layer ("Shrink the kernel to 13×13" gives a 1×1 map, which the next 2×2 pool cannot take); here each fix is
 * tried on the whole document: a shrinking fix takes the largest size that leaves no new error (and no new
 * warning, where one does), and any fix that still adds errors, or warnings, names the layers it leaves them on.
 */
import { analyze, type Problem } from './analyze.js';
import type { GraphDocument } from './document.js';
import { applyFix } from './edit.js';
import { fixText } from './fixes.js';
import { english, msg, type Message } from './messages.js';
import type { Fix, ParamValue } from './types.js';

export interface CheckedFix {
  fix: Fix;
  /** What it does, then what it breaks or warns about: its button's words. */
  text: Message[];
  /** Layers the fix leaves with an error they did not have (empty: the network stays valid). */
  breaks: string[];
  /** Layers the fix leaves with a new warning. */
  warns: string[];
}

const key = (p: Problem) => `${p.nodeId}:${p.code}`;

function tryFix(doc: GraphDocument, before: Set<string>, fix: Fix): { breaks: string[]; warns: string[] } | null {
  let after;
  try {
    after = analyze(applyFix(doc, fix));
  } catch {
    return null;
  }
  const fresh = (list: Problem[]) => [
    ...new Set(list.filter((p) => !before.has(key(p)) && p.nodeId).map((p) => p.nodeId!)),
  ];
  return { breaks: fresh(after.errors), warns: fresh(after.warnings) };
}

/** Sizes from `size` down to 1 on each axis, largest first (a square stays square). */
function smaller(size: ParamValue): ParamValue[] {
  const [h, w] = Array.isArray(size) ? size : [size as number, size as number];
  const out: ParamValue[] = [];
  for (let k = Math.max(h, w); k >= 1; k--) {
    const s: [number, number] = [Math.min(h, k), Math.min(w, k)];
    out.push(s[0] === s[1] ? s[0] : s);
  }
  return out;
}

/** The fixes of `problem`, each tried on `doc`: adjusted where a smaller size works, and labelled. */
export function checkFixes(doc: GraphDocument, problem: Problem): CheckedFix[] {
  const a = analyze(doc);
  const before = new Set([...a.errors, ...a.warnings].map(key));
  return problem.fixes.map((original) => {
    let fix = original;
    let result = tryFix(doc, before, fix) ?? { breaks: [problem.nodeId ?? ''], warns: [] };
    const params = fix.type === 'setParams' ? fix.params : null;
    const sizeKey = params ? (['kernelSize', 'poolSize'] as const).find((k) => k in params) : undefined;
    if ((result.breaks.length || result.warns.length) && params && sizeKey) {
      // The largest size that adds no error and no warning; else the largest that adds no error.
      type Tried = { fix: Fix; result: { breaks: string[]; warns: string[] } };
      let clean: Tried | null = null;
      let valid: Tried | null = null;
      for (const size of smaller(params[sizeKey]!).slice(1)) {
        const candidate: Fix = { ...fix, type: 'setParams', params: { ...params, [sizeKey]: size } };
        const r = tryFix(doc, before, candidate);
        if (!r || r.breaks.length) continue;
        valid ??= { fix: candidate, result: r };
        if (!r.warns.length) {
          clean = { fix: candidate, result: r };
          break;
        }
      }
      const pick = clean ?? (result.breaks.length ? valid : null);
      if (pick) {
        fix = { ...pick.fix, label: english(fixText(pick.fix)) };
        result = pick.result;
      }
    }
    const text: Message[] = [fixText(fix)];
    const ids = (list: string[]) => list.map((id) => `"${id}"`);
    if (result.breaks.length) text.push(msg('fix.breaks', { ids: ids(result.breaks) }));
    else if (result.warns.length) text.push(msg('fix.warns', { ids: ids(result.warns) }));
    return { fix, text, ...result };
  });
}
