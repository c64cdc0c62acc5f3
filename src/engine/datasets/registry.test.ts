import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_DATASETS,
  builtInDataset,
  builtInFitting,
  DATASET_KINDS,
  datasetChoices,
  datasetLabel,
  MNIST,
  SHAPES,
} from './registry.js';

describe('the dataset registry', () => {
  it('lists each kind once; built-ins by name, folder kinds by path', () => {
    expect(new Set(DATASET_KINDS.map((k) => k.id)).size).toBe(DATASET_KINDS.length);
    expect(BUILT_IN_DATASETS.map((k) => k.name)).toEqual(['mnist', 'shapes']);
    expect(builtInDataset(' mnist ')).toBe(MNIST);
    expect(builtInDataset('/data/mnist')).toBeNull();
    expect(datasetChoices()).toBe('"mnist", "shapes" or a folder path');
    expect(datasetLabel(MNIST)).toBe('MNIST (60,000 train / 10,000 test)');
  });

  it('picks the built-in a network fits as it is: mnist for 1×28×28 → 10, else shapes (drawn at any size)', () => {
    expect(builtInFitting([1, 28, 28], [10])).toBe(MNIST);
    expect(builtInFitting([1, 28, 28], [5])).toBe(SHAPES);
    expect(builtInFitting([3, 32, 32], [10])).toBe(SHAPES);
    expect(builtInFitting(null, null)).toBe(SHAPES);
  });
});
