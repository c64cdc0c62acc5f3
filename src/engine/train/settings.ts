/** Training settings: defaults and validation, each problem naming its field. */
import { datasetChoices, DEFAULT_DATASET } from '../datasets/registry.js';
import type { TrainingSettings } from '../document.js';

export const DEFAULT_SETTINGS: TrainingSettings = {
  dataset: DEFAULT_DATASET,
  epochs: 5,
  batchSize: 64,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};

/** A number's allowed range. */
export interface Bounds {
  integer?: boolean;
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** The range of each numeric setting: the one source for normalizeSettings, the request schemas and the CLI. */
export const SETTING_BOUNDS = {
  epochs: { integer: true, min: 1, max: 10_000 },
  batchSize: { integer: true, min: 1, max: 65_536 },
  lr: { min: 0, minExclusive: true, max: 10 },
  momentum: { min: 0, max: 1, maxExclusive: true },
  weightDecay: { min: 0, max: 1, maxExclusive: true },
  seed: { integer: true, min: 0, max: 0xffffffff },
  valSplit: { min: 0, max: 1, maxExclusive: true },
} satisfies Record<string, Bounds>;

export function inBounds(b: Bounds, v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (b.integer && !Number.isInteger(v))) return false;
  return (b.minExclusive ? v > b.min : v >= b.min) && (b.maxExclusive ? v < b.max : v <= b.max);
}

/** "an integer from 1 to 10000", "a number above 0 and at most 10", "a number in [0, 1)". */
export function boundsText(b: Bounds): string {
  if (b.integer) return `an integer from ${b.min} to ${b.max}`;
  if (b.minExclusive && !b.maxExclusive) return `a number above ${b.min} and at most ${b.max}`;
  if (b.minExclusive || b.maxExclusive)
    return `a number in ${b.minExclusive ? '(' : '['}${b.min}, ${b.max}${b.maxExclusive ? ')' : ']'}`;
  return `a number from ${b.min} to ${b.max}`;
}

/** Fills missing fields with defaults; throws an Error naming the first bad field. */
export function normalizeSettings(given: Partial<TrainingSettings>): TrainingSettings {
  const s = {
    ...DEFAULT_SETTINGS,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  } as TrainingSettings;
  const bad = (field: string, want: string, v: unknown) =>
    new Error(`training setting ${field} must be ${want}, not ${JSON.stringify(v)}`);
  if (typeof s.dataset !== 'string' || !s.dataset.trim()) throw bad('dataset', datasetChoices(), s.dataset);
  if (s.optimizer !== 'sgd' && s.optimizer !== 'adam') throw bad('optimizer', '"sgd" or "adam"', s.optimizer);
  for (const [field, b] of Object.entries(SETTING_BOUNDS) as [keyof typeof SETTING_BOUNDS, Bounds][]) {
    if (!inBounds(b, s[field])) throw bad(field, boundsText(b), s[field]);
  }
  return s;
}
