import { describe, expect, it } from 'vitest';
import { makeShapes, SHAPE_CLASSES } from './shapes.js';

describe('makeShapes', () => {
  it('is seeded: the same seed draws the same images, another seed others', () => {
    const a = makeShapes({ trainCount: 50, testCount: 10, seed: 3 });
    expect(makeShapes({ trainCount: 50, testCount: 10, seed: 3 }).train.x).toEqual(a.train.x);
    expect(makeShapes({ trainCount: 50, testCount: 10, seed: 4 }).train.x).not.toEqual(a.train.x);
    // Train and test never share a drawing.
    expect(a.test.x.subarray(0, 784)).not.toEqual(a.train.x.subarray(0, 784));
  });

  it('delivers NCHW float32 in [0, 1], balanced classes, any size, 1 or 3 channels', () => {
    const d = makeShapes({ height: 20, width: 36, channels: 3, trainCount: 100, testCount: 25 });
    expect(d.shape).toEqual([3, 20, 36]);
    expect(d.classes).toEqual([...SHAPE_CLASSES]);
    expect(d.train.x.length).toBe(100 * 3 * 20 * 36);
    expect(d.test.count).toBe(25);
    expect(d.train.x.reduce((m, v) => Math.min(m, v), 1)).toBeGreaterThanOrEqual(0);
    expect(d.train.x.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
    const counts = [0, 0, 0, 0, 0];
    for (const y of d.train.y) counts[y]++;
    expect(counts).toEqual([20, 20, 20, 20, 20]);
  });

  it('draws what the label says: a vertical line lights one column band, a horizontal line one row band', () => {
    const d = makeShapes({ height: 28, width: 28, trainCount: 10, testCount: 0, noise: 0 });
    const img = (i: number) => d.train.x.subarray(i * 784, (i + 1) * 784);
    const spread = (i: number, axis: 'rows' | 'cols') => {
      const on = new Set<number>();
      img(i).forEach((v, p) => v > 0.5 && on.add(axis === 'rows' ? Math.floor(p / 28) : p % 28));
      return on.size;
    };
    expect(d.train.y[0]).toBe(0); // vertical: many rows, few columns
    expect(spread(0, 'cols')).toBeLessThanOrEqual(3);
    expect(spread(0, 'rows')).toBeGreaterThan(10);
    expect(d.train.y[1]).toBe(1); // horizontal: the other way round
    expect(spread(1, 'rows')).toBeLessThanOrEqual(3);
    expect(spread(1, 'cols')).toBeGreaterThan(10);
  });

  it('refuses sizes it cannot draw', () => {
    expect(() => makeShapes({ height: 4, width: 4 })).toThrow(/at least 8×8/);
    expect(() => makeShapes({ channels: 2 as 1 })).toThrow(/channels must be 1 or 3/);
  });
});
