import { describe, expect, it } from 'vitest';
import { pythonNames } from './names.js';

describe('pythonNames', () => {
  it('keeps ids that are Python identifiers and mends the rest, uniquely', () => {
    const ids = ['c1', 'conv-1', 'conv_1', '1st', 'class', 'sum', 'forward', 'x', '__init__', 'ñ'];
    expect([...pythonNames(ids).values()]).toEqual([
      'c1',
      'conv_1',
      'conv_1_2',
      'n_1st',
      'class_',
      'sum_',
      'forward_',
      'x_',
      'n__init__',
      'n_',
    ]);
  });
});
