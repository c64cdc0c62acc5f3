/** The training panel starts on the built-in dataset that fits the network, unless the document saved its own. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.ts';
import { loadDocument } from '../../engine/document.ts';
import { datasetFitting, DEFAULT_TRAINING, trainingOf } from './trainingDefaults.ts';

function example(name: string) {
  const loaded = loadDocument(
    readFileSync(new URL(`../../../resources/examples/${name}.json`, import.meta.url), 'utf8'),
  );
  if (!loaded.ok) throw new Error(loaded.error);
  return analyze(loaded.document);
}

describe('training defaults', () => {
  it('mnist for a 1×28×28 input with 10 outputs, shapes otherwise', () => {
    expect(['lenet5', 'lenet5-lc', 'mlp', 'residual'].map((n) => datasetFitting(example(n)))).toEqual([
      'mnist',
      'mnist',
      'mnist',
      'mnist',
    ]);
    expect(['shapes-cnn', 'conv-stack', 'lc-stack'].map((n) => datasetFitting(example(n)))).toEqual([
      'shapes',
      'shapes',
      'shapes',
    ]);
    expect(datasetFitting(null)).toBe('shapes');
  });

  it('fills the rest from the defaults; a document’s saved settings win', () => {
    expect(trainingOf(undefined, example('lenet5'))).toEqual({ ...DEFAULT_TRAINING, dataset: 'mnist' });
    const saved = { ...DEFAULT_TRAINING, dataset: 'shapes', epochs: 9 };
    expect(trainingOf(saved, example('lenet5'))).toEqual(saved);
  });
});
