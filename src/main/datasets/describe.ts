/** What a dataset is, known before its pixels are read: enough to check a network and estimate memory. */
import type { DatasetInfo, DatasetRef } from '../../shared/api.js';

export interface DatasetDescription extends DatasetInfo {
  /** Bytes its pixels and labels will take once loaded (both splits). */
  bytes: number;
}

/** Bytes of `count` samples of `size` values stored as `bytesPerValue`, plus their int32 labels. */
export const splitBytes = (count: number, size: number, bytesPerValue: number) => count * (size * bytesPerValue + 4);

/** The ref's channels, checked: 1 (grey) or 3 (RGB), or undefined when it gives none. */
export function channelsOf(ref: DatasetRef): 1 | 3 | undefined {
  if (ref.channels === undefined) return undefined;
  if (ref.channels !== 1 && ref.channels !== 3)
    throw new Error(`dataset channels must be 1 (grey) or 3 (RGB), not ${ref.channels}`);
  return ref.channels;
}
