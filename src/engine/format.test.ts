import { describe, expect, it } from 'vitest';
import { EXACT_COUNT_LIMIT, fmtCompact, fmtInt, isExactCount } from './format.js';

/** Three significant digits of an exact BigInt count, rounded half up, as "d.dd×10^e" with plain digits. */
function roundedFromBigInt(v: bigint): string {
  const digits = v.toString();
  let head = Number(digits.slice(0, 4));
  head = Math.round(head / 10);
  let exponent = digits.length - 1;
  if (head === 1000) {
    head = 100;
    exponent++;
  }
  const h = String(head);
  return `${h[0]}.${h.slice(1)}×10^${exponent}`;
}
const plain = (s: string) =>
  s.replace('≈', '').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, (m) => `^${[...m].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)).join('')}`);

describe('fmtInt', () => {
  it('prints exact counts in full, with thousands separators', () => {
    expect(fmtInt(61_706)).toBe('61,706');
    expect(fmtInt(0)).toBe('0');
    expect(fmtInt(EXACT_COUNT_LIMIT)).toBe('9,007,199,254,740,991');
    expect(isExactCount(EXACT_COUNT_LIMIT)).toBe(true);
  });

  it('rounds counts past 2^53 − 1 to three significant digits, agreeing with the exact BigInt value', () => {
    // A locally-connected layer on 64×4096×4096 with 64×64 kernels and 4096 filters: out 4033×4033 (README:
    // weights outH·outW·kh·kw·C·F, biases outH·outW·F).
    const exact = 4033n * 4033n * 64n * 64n * 64n * 4096n + 4033n * 4033n * 4096n;
    const float = 4033 * 4033 * 64 * 64 * 64 * 4096 + 4033 * 4033 * 4096;
    expect(isExactCount(float)).toBe(false);
    expect(fmtInt(float)).toMatch(/^≈\d\.\d\d×10[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    expect(plain(fmtInt(float))).toBe(roundedFromBigInt(exact));
    // The total: every digit printed after the 16th was false.
    expect(fmtInt(68_719_477_810_745_920)).toBe('≈6.87×10¹⁶');
    expect(fmtInt(2 ** 53)).toBe('≈9.01×10¹⁵');
    expect(fmtCompact(2 ** 70)).toBe(fmtInt(2 ** 70));
  });

  it('fmtCompact uses k, M, G and T below 2^53', () => {
    expect([
      fmtCompact(9_999),
      fmtCompact(12_345),
      fmtCompact(1_234_567),
      fmtCompact(2.5e9),
      fmtCompact(3.25e12),
    ]).toEqual(['9,999', '12.3k', '1.23M', '2.50G', '3.25T']);
  });
});
