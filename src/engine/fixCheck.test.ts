/** Fixes tried on the whole network: a shrink that keeps the next layer valid, and what a fix breaks or warns. */
import { describe, expect, it } from 'vitest';
import { chain, graph, node } from '../../tests/helpers.js';
import { analyze } from './analyze.js';
import { applyFix } from './edit.js';
import { checkFixes } from './fixCheck.js';
import { english, englishParts } from './messages.js';

const input = (size: number) => node('in', 'input', { channels: 1, height: size, width: size });

describe('checkFixes', () => {
  it('a 20×20 kernel on a 13×13 map before a 2×2 pool: shrink to 12×12, and "same" padding warns', () => {
    const doc = chain(
      input(13),
      node('c', 'conv2d', { filters: 4, kernelSize: 20 }),
      node('p', 'maxPool2d', { poolSize: 2 }),
    );
    const problem = analyze(doc).errors[0];
    expect(problem.code).toBe('kernelTooLarge');
    // The layer alone proposes 13×13, whose 1×1 output the pool cannot take.
    expect(problem.fixes.map((f) => f.label)).toEqual(['Switch to "same" padding', 'Shrink the kernel to 13×13']);
    const [same, shrink] = checkFixes(doc, problem);
    expect(shrink.fix).toMatchObject({ type: 'setParams', params: { kernelSize: 12 } });
    expect(shrink.breaks).toEqual([]);
    expect(englishParts(shrink.text)).toBe('Shrink the kernel to 12×12');
    const shrunk = analyze(applyFix(doc, shrink.fix));
    expect(shrunk.errors).toEqual([]);
    expect(shrunk.nodes.p.outputShape).toEqual([4, 1, 1]);
    // "same" keeps 13×13 and the network runs, but a 20×20 kernel over 13×13 is mostly padding: it says so.
    expect(same.breaks).toEqual([]);
    expect(same.warns).toEqual(['c']);
    expect(englishParts(same.text)).toBe('Switch to "same" padding, leaves a warning on "c"');
    const padded = analyze(applyFix(doc, same.fix));
    expect(padded.errors).toEqual([]);
    expect(padded.warnings.map((w) => [w.nodeId, w.code])).toEqual([['c', 'kernelPastSame']]);
    expect(padded.warnings[0].message).toContain('its 20×20 kernel is larger than its 13×13 input');
  });

  it('names the layer a fix breaks when no size avoids it, and picks one that fits a concat', () => {
    // in (4×4) → a: conv 5×5 (too large) ┐
    // in (4×4) → b: 2×2 max pool (2×2)   ┴→ concat
    const doc = graph(
      [
        input(4),
        node('a', 'conv2d', { filters: 2, kernelSize: 5 }),
        node('b', 'maxPool2d', { poolSize: 2 }),
        node('cat', 'concat'),
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'cat'],
        ['b', 'cat'],
      ],
    );
    const problem = analyze(doc).errors.find((e) => e.nodeId === 'a')!;
    const [same, shrink] = checkFixes(doc, problem);
    // "same" keeps 4×4, which the concat cannot join with 2×2.
    expect(same.breaks).toEqual(['cat']);
    expect(english(same.text[1])).toBe('breaks "cat"');
    // 4×4 would give 1×1; 3×3 gives the 2×2 the other branch has.
    expect(shrink.fix).toMatchObject({ params: { kernelSize: 3 } });
    expect(shrink.breaks).toEqual([]);
    expect(analyze(applyFix(doc, shrink.fix)).errors).toEqual([]);
  });

  it('a kernel within its input with "same" padding is no warning', () => {
    const doc = chain(input(8), node('c', 'conv2d', { filters: 2, kernelSize: 8, padding: 'same' }));
    expect(analyze(doc).warnings).toEqual([]);
    const past = chain(input(8), node('c', 'conv2d', { filters: 2, kernelSize: [3, 9], padding: 'same' }));
    expect(analyze(past).warnings.map((w) => w.code)).toEqual(['kernelPastSame']);
  });
});
