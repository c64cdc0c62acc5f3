/**
 * The app's training defaults: the engine's, at batch 32 for 3 epochs so a first run finishes in seconds, on the
 * built-in dataset that fits the network (builtInFitting): `mnist` for a 1×28×28 input with 10 outputs (LeNet-5,
 * the MLP, the residual net), `shapes` (drawn at any size, 5 classes) otherwise. A document's saved settings win.
 */
import { builtInFitting, MNIST } from '../../engine/datasets/registry.ts';
import type { TrainingSettings } from '../../engine/document.ts';
import { DEFAULT_SETTINGS } from '../../engine/train/settings.ts';
import type { Analysis } from '../../engine/analyze.ts';

export const DEFAULT_TRAINING: TrainingSettings = {
  ...DEFAULT_SETTINGS,
  dataset: builtInFitting(null, null).name!,
  epochs: 3,
  batchSize: 32,
};

type Network = Pick<Analysis, 'inputId' | 'outputIds' | 'nodes'>;

/** Whether an input of this shape takes mnist's digits as they are (1×28×28). */
export const takesDigits = (shape: readonly number[] | null | undefined): boolean =>
  shape?.join() === MNIST.shape!.join();

/** `mnist` when the network takes 1×28×28 digits and outputs 10 classes, else `shapes`. */
export function datasetFitting(analysis: Network | null): string {
  const input = analysis?.inputId ? analysis.nodes[analysis.inputId]?.outputShape : null;
  const output = analysis?.outputIds[0] ? analysis.nodes[analysis.outputIds[0]]?.outputShape : null;
  return builtInFitting(input, output).name!;
}

export function trainingOf(settings: TrainingSettings | undefined, analysis: Network | null = null): TrainingSettings {
  return { ...DEFAULT_TRAINING, dataset: datasetFitting(analysis), ...settings };
}
