/** Number and shape formatting shared by the CLI and the app. */
import type { Shape } from './types.js';

/**
 * The largest count a float64 holds exactly: 2^53 − 1. Past it neighbouring integers share one value, and sums
 * round on every step, so printing every digit would show false ones (68,719,477,810,745,920).
 */
export const EXACT_COUNT_LIMIT = Number.MAX_SAFE_INTEGER;

/** Whether `n` is a count that printed in full shows only true digits. */
export function isExactCount(n: number): boolean {
  return !Number.isFinite(n) || Math.abs(n) <= EXACT_COUNT_LIMIT;
}

/** What a "≈" count means; the CLI prints it under such counts (the app has it in its locales). */
export const ROUNDED_COUNT_NOTE =
  `≈ marks a count past 2^53 − 1 = ${EXACT_COUNT_LIMIT.toLocaleString('en-US')}, rounded to 3 significant digits: ` +
  'a 64-bit float cannot hold it exactly';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 68719477810745920 → "≈6.87×10¹⁶": three significant digits, the ones a float64 sum still has right. */
function fmtRounded(n: number): string {
  const [mantissa, exponent] = n.toExponential(2).split('e');
  const power = [...String(Number(exponent))].map((d) => (d === '-' ? '⁻' : SUPERSCRIPT[Number(d)])).join('');
  return `≈${mantissa}×10${power}`;
}

/** 61706 → "61,706"; a count past 2^53 − 1 rounded, as "≈6.87×10¹⁶" (see ROUNDED_COUNT_NOTE). */
export function fmtInt(n: number): string {
  if (!isExactCount(n)) return fmtRounded(n);
  return Math.round(n).toLocaleString('en-US');
}

/** 1234567 → "1.23M", for tight spaces; a count past 2^53 − 1 as fmtInt rounds it. */
export function fmtCompact(n: number): string {
  if (!isExactCount(n)) return fmtRounded(n);
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${(n / 1e12).toFixed(abs >= 1e13 ? 1 : 2)}T`;
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 1 : 2)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 1 : 2)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  return fmtInt(n);
}

/** [6, 28, 28] → "6×28×28". */
export function fmtShape(s: Shape | null): string {
  return s ? s.join('×') : '—';
}

export function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}
