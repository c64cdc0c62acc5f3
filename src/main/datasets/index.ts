/**
 * One entry point for every dataset: `loadDataset({dataset: "mnist" | "shapes" | folder path, channels?, height?,
 * width?})`. The size fields matter for shapes (drawn at any size) and folders (images are resized); mnist is
 * always 1×28×28 and says so when the model wants something else (see model compile).
 */
import { makeShapes } from '../../engine/datasets/shapes.js';
import type { Dataset } from '../../engine/datasets/types.js';
import type { DatasetInfo, DatasetRef } from '../../shared/api.js';
import { loadFolder } from './folder.js';
import { loadMnist } from './mnist.js';

export type { Dataset } from '../../engine/datasets/types.js';

function channelsOf(ref: DatasetRef): 1 | 3 | undefined {
  if (ref.channels === undefined) return undefined;
  if (ref.channels !== 1 && ref.channels !== 3) throw new Error(`dataset channels must be 1 (grey) or 3 (RGB), not ${ref.channels}`);
  return ref.channels;
}

export async function loadDataset(ref: DatasetRef): Promise<Dataset> {
  const name = ref.dataset?.trim();
  if (!name) throw new Error('dataset: give "mnist", "shapes" or a folder path');
  if (name === 'mnist') return loadMnist();
  if (name === 'shapes') return makeShapes({ channels: channelsOf(ref) ?? 1, height: ref.height ?? 28, width: ref.width ?? 28 });
  return loadFolder(name, { channels: channelsOf(ref), height: ref.height, width: ref.width });
}

export function datasetInfo(d: Dataset): DatasetInfo {
  return { id: d.id, name: d.name, shape: d.shape, classes: d.classes, trainCount: d.train.count, testCount: d.test.count };
}
