import { describe, expect, it } from 'vitest';
import { DATASET_KINDS } from '../engine/datasets/registry.js';
import { datasetsHelp } from './datasetHelp.js';

describe("the CLI's dataset text", () => {
  it('gives the CLI a Datasets section with every kind, its counts, source and licence', () => {
    const help = datasetsHelp();
    for (const k of DATASET_KINDS) expect(help).toContain(k.title);
    expect(help).toContain('MNIST (60,000 train / 10,000 test)');
    expect(help).toContain('Shapes (2,000 train / 500 test)');
    expect(help).toContain('CC BY-SA 3.0');
    expect(Math.max(...help.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});
