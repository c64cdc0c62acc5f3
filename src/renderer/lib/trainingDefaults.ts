/** Sensible training defaults: Adam at 1e-3 trains LeNet-5 on shapes or MNIST in a few epochs. */
import type { TrainingSettings } from '../../engine/document.ts';

export const DEFAULT_TRAINING: TrainingSettings = {
  dataset: 'shapes',
  epochs: 3,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};

export function trainingOf(settings: TrainingSettings | undefined): TrainingSettings {
  return { ...DEFAULT_TRAINING, ...settings };
}
