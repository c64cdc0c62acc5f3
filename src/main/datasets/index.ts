/**
 * The loaders of the dataset kinds that src/engine/datasets/registry.ts lists, one per kind, and the one entry
 * point every caller uses: `loadDataset({dataset, channels?, height?, width?})`, with `describeDataset` to learn
 * a dataset's shape, classes, counts and size before reading its pixels (a run checks the network and its memory
 * against that first). The size fields matter for the kinds sized to the input (shapes are drawn at it, folder
 * images resized to it); mnist is always 1×28×28, and an IDX folder's images are the files' size.
 */
import {
  builtInDataset,
  DATASET_KINDS,
  datasetChoices,
  type DatasetKind,
  type DatasetKindId,
} from '../../engine/datasets/registry.js';
import { makeShapes } from '../../engine/datasets/shapes.js';
import type { DataSplit, Dataset } from '../../engine/datasets/types.js';
import type { DatasetInfo, DatasetRef } from '../../shared/api.js';
import { channelsOf, splitBytes, type DatasetDescription } from './describe.js';
import { describeFolder, loadFolder } from './folder.js';
import { sampleFolder } from './folderSamples.js';
import { describeIdxFolder, findIdxFiles, loadIdxFolder } from './idxFolder.js';
import { describeMnist, loadMnist } from './mnist.js';
import { samplesOf, type DatasetSamples } from './samples.js';

export type { Dataset } from '../../engine/datasets/types.js';
export type { DatasetDescription } from './describe.js';

interface DatasetLoader {
  /** For a folder kind: whether the folder is one of this kind (tried in the registry's order). */
  claims?(dir: string): Promise<boolean>;
  describe(ref: DatasetRef): Promise<DatasetDescription>;
  load(ref: DatasetRef): Promise<Dataset>;
  /** Only the samples dataset:samples asks for, when the kind can read them alone (else: load, then pick). */
  sample?(ref: DatasetRef, split: 'train' | 'test', count: number): Promise<DatasetSamples>;
}

/** A split copied into shared memory, where every other loader puts its pixels: training threads read it as is. */
function shared(s: DataSplit<Float32Array>): DataSplit<Float32Array> {
  const x = new Float32Array(new SharedArrayBuffer(s.x.byteLength));
  const y = new Int32Array(new SharedArrayBuffer(s.y.byteLength));
  x.set(s.x);
  y.set(s.y);
  return { x, y, count: s.count };
}

const shapesOf = (ref: DatasetRef) => ({
  channels: channelsOf(ref) ?? 1,
  height: ref.height ?? 28,
  width: ref.width ?? 28,
});

const LOADERS: Record<DatasetKindId, DatasetLoader> = {
  mnist: { describe: describeMnist, load: loadMnist },
  shapes: {
    async describe(ref) {
      const { channels, height, width } = shapesOf(ref);
      const { name, classes, counts } = builtInDataset(ref.dataset)!;
      const size = channels * height * width;
      return {
        id: name!,
        name: 'Shapes',
        shape: [channels, height, width],
        classes: [...classes!],
        trainCount: counts!.train,
        testCount: counts!.test,
        bytes: splitBytes(counts!.train + counts!.test, size, 4),
      };
    },
    load: async (ref) => {
      const d = makeShapes(shapesOf(ref));
      return { ...d, train: shared(d.train), test: shared(d.test) };
    },
  },
  idx: { claims: async (dir) => (await findIdxFiles(dir)) !== null, describe: describeIdxFolder, load: loadIdxFolder },
  folder: {
    claims: async () => true,
    describe: describeFolder,
    load: (ref) => loadFolder(ref.dataset, { channels: channelsOf(ref), height: ref.height, width: ref.width }),
    sample: sampleFolder,
  },
};

/** The kind a ref names: a built-in by its name, else the first folder kind that claims the folder. */
export async function datasetKind(ref: DatasetRef): Promise<DatasetKind> {
  const name = ref.dataset?.trim();
  if (!name) throw new Error(`dataset: give ${datasetChoices()}`);
  const builtIn = builtInDataset(name);
  if (builtIn) return builtIn;
  for (const kind of DATASET_KINDS) if (kind.name === null && (await LOADERS[kind.id].claims?.(name))) return kind;
  throw new Error(`dataset: give ${datasetChoices()}, not "${name}"`);
}

export async function loadDataset(ref: DatasetRef): Promise<Dataset> {
  return LOADERS[(await datasetKind(ref)).id].load(ref);
}

/** `count` samples of a split, the same ones every time (pickSamples); an image folder decodes only those. */
export async function loadSamples(ref: DatasetRef, split: 'train' | 'test', count: number): Promise<DatasetSamples> {
  const loader = LOADERS[(await datasetKind(ref)).id];
  return loader.sample ? loader.sample(ref, split, count) : samplesOf(await loader.load(ref), split, count);
}

/** Shape, classes, counts and bytes, without reading the pixels. */
export async function describeDataset(ref: DatasetRef): Promise<DatasetDescription> {
  return LOADERS[(await datasetKind(ref)).id].describe(ref);
}

export function datasetInfo(d: Dataset | DatasetDescription): DatasetInfo {
  if ('train' in d)
    return {
      id: d.id,
      name: d.name,
      shape: d.shape,
      classes: d.classes,
      trainCount: d.train.count,
      testCount: d.test.count,
    };
  return {
    id: d.id,
    name: d.name,
    shape: d.shape,
    classes: d.classes,
    trainCount: d.trainCount,
    testCount: d.testCount,
  };
}
