/** Training settings: defaults and validation, each problem naming its field. */
import type { TrainingSettings } from '../document.js';

export const DEFAULT_SETTINGS: TrainingSettings = {
  dataset: 'mnist',
  epochs: 5,
  batchSize: 64,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};

/** Fills missing fields with defaults; throws an Error naming the first bad field. */
export function normalizeSettings(given: Partial<TrainingSettings>): TrainingSettings {
  const s = { ...DEFAULT_SETTINGS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as TrainingSettings;
  const bad = (field: string, want: string, v: unknown) => new Error(`training setting ${field} must be ${want}, not ${JSON.stringify(v)}`);
  if (typeof s.dataset !== 'string' || !s.dataset.trim()) throw bad('dataset', '"mnist", "shapes" or a folder path', s.dataset);
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > 10_000) throw bad('epochs', 'an integer from 1 to 10000', s.epochs);
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > 65_536) throw bad('batchSize', 'an integer from 1 to 65536', s.batchSize);
  if (s.optimizer !== 'sgd' && s.optimizer !== 'adam') throw bad('optimizer', '"sgd" or "adam"', s.optimizer);
  if (typeof s.lr !== 'number' || !(s.lr > 0 && s.lr <= 10)) throw bad('lr', 'a number above 0 and at most 10', s.lr);
  if (typeof s.momentum !== 'number' || !(s.momentum >= 0 && s.momentum < 1)) throw bad('momentum', 'a number in [0, 1)', s.momentum);
  if (typeof s.weightDecay !== 'number' || !(s.weightDecay >= 0 && s.weightDecay < 1)) throw bad('weightDecay', 'a number in [0, 1)', s.weightDecay);
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) throw bad('seed', 'an integer from 0 to 4294967295', s.seed);
  if (typeof s.valSplit !== 'number' || !(s.valSplit >= 0 && s.valSplit < 1)) throw bad('valSplit', 'a number in [0, 1)', s.valSplit);
  return s;
}
