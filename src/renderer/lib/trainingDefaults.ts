/**
 * The app's training defaults: the engine's, but on `shapes` for 3 epochs at batch 32, so a first run in the
 * app finishes in seconds. Adam at 1e-3 trains LeNet-5 on shapes or MNIST in a few epochs.
 */
import type { TrainingSettings } from '../../engine/document.ts';
import { DEFAULT_SETTINGS } from '../../engine/train/settings.ts';

export const DEFAULT_TRAINING: TrainingSettings = { ...DEFAULT_SETTINGS, dataset: 'shapes', epochs: 3, batchSize: 32 };

export function trainingOf(settings: TrainingSettings | undefined): TrainingSettings {
  return { ...DEFAULT_TRAINING, ...settings };
}
