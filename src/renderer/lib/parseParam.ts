/**
 * Turns what a user typed into a param value: "5" → 5, "3×5" / "3x5" / "3,5" → [3, 5] for sizes, "" → null for
 * optional params. The engine's validateParam then says whether the value is allowed.
 */
import type { ParamSpec, ParamValue } from '../../engine/types.ts';

export type Parsed = { ok: true; value: ParamValue } | { ok: false; error: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseParam(spec: ParamSpec, text: string): Parsed {
  const s = text.trim();
  if (s === '') return spec.optional ? { ok: true, value: null } : { ok: false, error: 'required' };
  switch (spec.type) {
    case 'int':
    case 'float':
      return NUMBER.test(s) ? { ok: true, value: Number(s) } : { ok: false, error: 'notNumber' };
    case 'size2': {
      const parts = s.split(/\s*[×x*,]\s*/i);
      if (parts.length === 1 && NUMBER.test(parts[0])) return { ok: true, value: Number(parts[0]) };
      if (parts.length === 2 && parts.every((p) => NUMBER.test(p))) {
        const [h, w] = parts.map(Number);
        return { ok: true, value: h === w ? h : [h, w] };
      }
      return { ok: false, error: 'notSize' };
    }
    case 'padding':
      if (s === 'valid' || s === 'same') return { ok: true, value: s };
      return NUMBER.test(s) ? { ok: true, value: Number(s) } : { ok: false, error: 'notPadding' };
    case 'enum':
      return { ok: true, value: s };
    case 'bool':
      return { ok: true, value: s === 'true' };
  }
}

/** The text a value shows as in a field. */
export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `${v[0]}×${v[1]}`;
  return String(v);
}
