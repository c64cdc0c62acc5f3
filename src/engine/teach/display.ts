/**
 * Turning a float convolution result into 8-bit pixels for display or PNG. Casting negatives straight to uint8
 * wraps them around (−1 → 255, 256 → 0: numpy's `astype(np.uint8)`, a common tutorial bug), so the default is
 * to clip; `wrap` exists only to show the bug.
 */
export type DisplayMode = 'clip' | 'abs' | 'normalise' | 'wrap';
export const DISPLAY_MODES: readonly DisplayMode[] = ['clip', 'abs', 'normalise', 'wrap'];

/** Every value mapped to 0–255, rounded to the nearest integer. */
export function toBytes(data: ArrayLike<number>, mode: DisplayMode = 'clip'): Uint8Array {
  const out = new Uint8Array(data.length);
  if (mode === 'normalise') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      lo = Math.min(lo, data[i]);
      hi = Math.max(hi, data[i]);
    }
    const span = hi - lo;
    for (let i = 0; i < data.length; i++) out[i] = span > 0 ? Math.round(((data[i] - lo) / span) * 255) : 0;
    return out;
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (mode === 'wrap') {
      // C-style truncation towards zero, then modulo 256, as a uint8 cast does.
      out[i] = ((Math.trunc(v) % 256) + 256) % 256;
    } else {
      const a = mode === 'abs' ? Math.abs(v) : v;
      out[i] = Math.round(Math.min(255, Math.max(0, a)));
    }
  }
  return out;
}
