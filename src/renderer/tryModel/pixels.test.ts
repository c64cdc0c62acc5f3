import { describe, expect, it } from 'vitest';
import { greyFromRgba, inverted, isLightBackground, probabilities, resample, toInput } from './pixels.ts';

describe('try-the-model pixels', () => {
  it('area-averages: a 4×4 image to 2×2 is the mean of each 2×2 block; 3 → 2 weights partial pixels', () => {
    const src = {
      data: Float32Array.from([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0.5, 0.5]),
      height: 4,
      width: 4,
    };
    expect(Array.from(resample(src, 2, 2).data)).toEqual([1, 0, 0, 0.5]);
    // 1×3 row [0, 1, 0] to 2 pixels: each covers 1.5 source pixels: (0 + 0.5·1) / 1.5 = 1/3 both.
    const r = resample({ data: Float32Array.from([0, 1, 0]), height: 1, width: 3 }, 1, 2);
    expect(r.data[0]).toBeCloseTo(1 / 3, 6);
    expect(r.data[1]).toBeCloseTo(1 / 3, 6);
    // The ink is kept: the mean of a resampled image equals the source's mean.
    const big = {
      data: Float32Array.from({ length: 224 * 224 }, (_, i) => ((i * 7919) % 13) / 12),
      height: 224,
      width: 224,
    };
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(resample(big, 28, 28).data)).toBeCloseTo(mean(big.data), 5);
  });

  it('reads RGBA as grey over black, spots paper, and fills every channel', () => {
    const g = greyFromRgba(Uint8Array.from([255, 255, 255, 255, 255, 0, 0, 255, 0, 0, 0, 0, 90, 90, 90, 0]), 2, 2);
    expect(Array.from(g.data).map((v) => +v.toFixed(4))).toEqual([1, 0.3333, 0, 0]);
    expect(isLightBackground({ data: Float32Array.from([0.9, 0.8, 0.1]), height: 1, width: 3 })).toBe(true);
    expect(Array.from(inverted({ data: Float32Array.from([1, 0.25]), height: 1, width: 2 }).data)).toEqual([0, 0.75]);
    const x = toInput({ data: Float32Array.from([0.5, 1]), height: 1, width: 2 }, [3, 1, 2]);
    expect(Array.from(x)).toEqual([0.5, 1, 0.5, 1, 0.5, 1]);
  });

  it('turns logits into probabilities that sum to 1, in the same order as softmax', () => {
    const p = probabilities([1, 2, 3], false);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[2] / p[1]).toBeCloseTo(Math.E, 12);
    expect(probabilities([0.2, 0.8], true)).toEqual([0.2, 0.8]);
    expect(probabilities([1000, 0], false)[0]).toBeCloseTo(1, 12);
  });
});
